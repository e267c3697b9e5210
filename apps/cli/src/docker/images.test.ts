import { describe, expect, it } from 'vitest';
import { engineMessage } from './images.js';

/** dockerode's errors as it builds them: `(HTTP code n) <status text> - <body>`, the body in `json`. */
function dockerodeError(json: unknown, message: string): Error {
  return Object.assign(new Error(message), { json, statusCode: 500 });
}

describe('engineMessage', () => {
  it("takes the engine's own message from a JSON body", () => {
    const error = dockerodeError(
      { message: 'Get "https://registry.example/v2/": no such host\n' },
      '(HTTP code 500) server error - Get "https://registry.example/v2/": no such host ',
    );
    expect(engineMessage(error)).toBe('Get "https://registry.example/v2/": no such host');
  });

  it('parses a body that arrived as a string', () => {
    const error = dockerodeError('{"message":"pull access denied"}', '(HTTP code 404) no such image - x');
    expect(engineMessage(error)).toBe('pull access denied');
  });

  it('keeps a body that is not JSON, and strips the status prefix when there is no body', () => {
    expect(engineMessage(dockerodeError('plain text ', 'x'))).toBe('plain text');
    expect(engineMessage(new Error('(HTTP code 500) server error - dial tcp: refused'))).toBe(
      'dial tcp: refused',
    );
    expect(engineMessage(new Error('socket hang up'))).toBe('socket hang up');
  });
});
