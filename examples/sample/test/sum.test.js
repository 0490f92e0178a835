import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sum } from '../dist/sum.js';

test('adds numbers', () => {
  assert.equal(sum(1, 2, 3), 6);
});

test('empty sum is zero', () => {
  assert.equal(sum(), 0);
});
