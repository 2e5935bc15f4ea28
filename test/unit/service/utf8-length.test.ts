import assert from 'node:assert/strict';
import { test } from 'node:test';
import { utf8Length } from '../../../server/src/service/rules/api-formats';

test('utf8Length counts the bytes TextEncoder makes, lone surrogates as U+FFFD', () => {
  const encoder = new TextEncoder();
  for (const text of ['', 'team.example.com/owner', 'é', 'Grüße', '€', '日本語', '😀', 'a😀b', '\ud83d', '\ude00', 'x\ud83dy', '\ude00\ud83d', '\ud83d\ud83d\ude00', 'last\ud83d']) {
    assert.equal(utf8Length(text), encoder.encode(text).length, JSON.stringify(text));
  }
});
