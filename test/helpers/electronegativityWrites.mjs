// Preloaded into the Electronegativity CLI by test/unit/electronegativity.test.ts. Its CSV writer
// starts two fs.writeFile calls at once, the header (truncating) and the findings (appending); on
// a busy machine the header's truncate can land after the findings' append and cut the first
// findings out of the report. Done one after the other, the report is whole every time.
import fs from 'node:fs';

fs.writeFile = (file, data, options, callback) => {
  const done = typeof options === 'function' ? options : callback;
  try {
    fs.writeFileSync(file, data, typeof options === 'function' ? undefined : options);
  } catch (e) {
    done(e);
    return;
  }
  done(null);
};
