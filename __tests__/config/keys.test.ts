// One header-name rule: the config's HEADER_NAME and the response parser's TCHAR table accept
// exactly the same bytes (both are built from TCHAR_SYMBOLS).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { HEADER_NAME } from '../../src/config/keys.js';
import { TCHAR } from '../../src/engine/http1-syntax.js';

it('HEADER_NAME and TCHAR agree on every byte', () => {
  const regex: number[] = [];
  const table: number[] = [];
  for (let c = 0; c < 256; c++) {
    if (HEADER_NAME.test(String.fromCharCode(c))) regex.push(c);
    if (TCHAR[c] === 1) table.push(c);
  }
  assert.deepEqual(regex, table);
  assert.equal(
    String.fromCharCode(...regex),
    "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~",
  );
});
