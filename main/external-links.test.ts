import { describe, expect, it } from 'vitest';
import { isAllowedExternal, linkPolicy } from './external-links.ts';

const policy = linkPolicy('https://allowed.example', 'help@vivium.be', ['http://127.0.0.1:4000']);

describe('external link allow-list', () => {
  it.each([
    'https://allowed.example/',
    'https://allowed.example/portal/h/abc?x=1',
    'https://eid.belgium.be/',
    'mailto:help@vivium.be?subject=Diag&body=text',
    'http://127.0.0.1:4000/authorize?client_id=x',
  ])('allows %s', (url) => expect(isAllowedExternal(url, policy)).toBe(true));

  it.each([
    'https://allowed.example.attacker.test/',
    'https://attacker.test/?https://allowed.example',
    'https://allowed.example@attacker.test/',
    'https://user:pw@allowed.example/',
    'http://allowed.example/',
    'http://127.0.0.1:4001/authorize',
    'http://127.0.0.1.attacker.test:4000/',
    'https://allowed.example:444/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://allowed.example/share',
    'myvivium://open',
    'mailto:other@vivium.be',
    'mailto:help@vivium.be,other@attacker.test',
    'not a url',
    '',
  ])('refuses %s', (url) => expect(isAllowedExternal(url, policy)).toBe(false));
});

describe('attack: a helpdesk mailto that sends the report elsewhere', () => {
  it.each([
    'mailto:help@vivium.be?cc=attacker@evil.test&subject=Diag',
    'mailto:help@vivium.be?bcc=attacker@evil.test',
    'mailto:help@vivium.be?to=attacker@evil.test&body=x',
    'mailto:help@vivium.be?subject=Diag&attach=/home/user/.ssh/id_rsa',
    'mailto:help@vivium.be?subject=Diag&Cc=attacker@evil.test',
    'mailto:help@vivium.be?subject=a&subject=b',
    'mailto:help@vivium.be?body=x&%63c=attacker@evil.test',
    'mailto:help%40vivium.be%2Cattacker@evil.test?subject=x',
  ])('refuses %s', (url) => expect(isAllowedExternal(url, policy)).toBe(false));

  it('allows the helpdesk with only a subject and a body', () => {
    expect(isAllowedExternal('mailto:help@vivium.be', policy)).toBe(true);
    expect(isAllowedExternal('mailto:help@vivium.be?subject=Diagnose%20eID&body=line%201%0Aline%202', policy)).toBe(true);
  });
});
