// "Sessions": everywhere the signed-in person is signed in, so a forgotten shared computer can be
// signed out from here.
import { useFocusOnMount } from '../../desk/useFocusOnMount';
import { LanguagePicker } from './LanguagePicker';
import { SessionList } from './SessionList';

export function SessionsView() {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="page" aria-labelledby="sessions-title">
      <div className="page__head">
        <h2 id="sessions-title" ref={heading} tabIndex={-1}>
          Your sessions
        </h2>
        <p className="page__lead">Everywhere you are signed in. End any session you do not recognise, or one left open on a shared computer.</p>
      </div>
      <LanguagePicker />
      <SessionList label="Your sessions" />
    </section>
  );
}
