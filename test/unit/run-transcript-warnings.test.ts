// A run's log channel keeps what its start warned about (the API server's warnings) under its
// first line, marked as a warning, where a notification that faded would lose it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunTranscript } from '../../client/src/logs/run-transcript';
import { ScriptedRun } from '../support/scripted-run';

test('the warnings of the run\'s start come right after its first line, as warning lines', () => {
  const lines: string[] = [];
  const transcript = new RunTranscript(new ScriptedRun('warned'), 'kind-cluster', (text) => lines.push(text), () => false, [
    'the API server warns: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false',
  ]);
  try {
    assert.deepEqual(lines, [
      '=== job/warned on kind-cluster, namespace default',
      '=== ⚠ the API server warns: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false',
    ]);
  } finally {
    transcript.dispose();
  }
});
