// The API server's Warning headers as kubectl reads them: `299 - "text"`, several joined by commas
// (as HTTP clients join repeated headers), quotes inside the text escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWarningHeader } from '../../client/src/runs/cluster/api-warnings';

test('one warning, with escaped quotes in its text', () => {
  assert.deepEqual(parseWarningHeader('299 - "would violate PodSecurity \\"restricted:latest\\": allowPrivilegeEscalation != false (container \\"main\\" must set securityContext.allowPrivilegeEscalation=false)"'), [
    'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "main" must set securityContext.allowPrivilegeEscalation=false)',
  ]);
});

test('several warnings in one header, commas inside the texts kept', () => {
  assert.deepEqual(parseWarningHeader('299 - "first, with a comma", 299 kube-apiserver "second" "Tue, 15 Nov 1994 08:12:31 GMT"'), ['first, with a comma', 'second']);
});

test('a header that is not a warning gives nothing', () => {
  assert.deepEqual(parseWarningHeader(''), []);
  assert.deepEqual(parseWarningHeader('not a warning'), []);
});
