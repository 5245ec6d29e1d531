// The check every emulated-run helper applies (test/helpers/protocol-problems.ts): problems the
// host stored for a run fail the test unless expected with a reason; an expectation that did not
// come true fails too. The stored problems come from a real ingest of a malformed agent message.
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../protocol/constants.js';
import { Run } from '../reports/helpers.js';
import { checkProtocolProblems, storedProtocolProblems } from './protocol-problems.js';

describe('protocol problems of an emulated run', () => {
  it('a message the host refuses is read back from the store, named by process and location, and fails the run', () => {
    const r = Run.create();
    const main = r.process();
    expect(storedProtocolProblems(r.store.db, r.runId)).toEqual([]);
    // An event whose seq is not a number: the host's validation refuses it.
    r.ingest.handle(main, { type: 'send', payload: { v: PROTOCOL_VERSION, kind: 'batch', pid: main.pid, events: [{ seq: 'x', t: 1, tid: 1, thread: 'main', kind: 'pi', api: 'a.b()' }], stacks: {} } });
    const problems = storedProtocolProblems(r.store.db, r.runId);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^com\.example\.shop: events\[0\]/);
    expect(() => checkProtocolProblems(problems, {}, 'run')).toThrow(/run: the host's validation refused \d+ part\(s\) of the agent's messages[\s\S]*expectProtocolProblems/);
    expect(() => checkProtocolProblems(problems, { expectProtocolProblems: 'a malformed seq on purpose' }, 'run')).not.toThrow();
    r.store.close();
  });

  it('no problems pass; an expectation without a reason, or one that did not come true, fails', () => {
    expect(() => checkProtocolProblems([], {}, 'run')).not.toThrow();
    expect(() => checkProtocolProblems(['p: x: y'], { expectProtocolProblems: ' ' }, 'run')).toThrow(/needs the reason/);
    expect(() => checkProtocolProblems([], { expectProtocolProblems: 'bad input' }, 'run')).toThrow(/expected protocol problems \(bad input\) but the host refused nothing/);
  });
});
