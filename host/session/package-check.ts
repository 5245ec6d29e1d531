// The package a run records decides what is first party. On an attach it comes from what Frida
// lists, which frida-gadget hides ("Gadget", re.frida.Gadget); the agent reads the real one from
// the app itself. When they differ the analyst is told once, with the fix.
import type { Stage } from '../ingest/types.js';

export function packageCheck(recorded: string, warn: (line: string) => void): Stage {
  let told = false;
  return {
    name: 'package-check',
    app(process, message) {
      if (told || !process.target || message.package === recorded) return;
      told = true;
      warn(
        `sdktrace: warning: the agent in ${process.name} (pid ${process.pid}) reports the app ${message.package}, but this run records ${recorded}: ` +
          `the app's own code counts as first party only under its package; trace again with --app ${message.package}`,
      );
    },
  };
}
