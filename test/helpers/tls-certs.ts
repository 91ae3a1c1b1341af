import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './cli.js';

const run = promisify(execFile);

export interface Pem {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** A certificate for 127.0.0.1 signed by itself: no trust store accepts it. */
  selfSigned: Pem;
  /** A certificate for 127.0.0.1 and localhost signed by `caFile`'s private CA. */
  signedByCa: Pem;
  /** The private CA's certificate (PEM), for NODE_EXTRA_CA_CERTS. */
  caFile: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * Generates throw-away certificates with the machine's `openssl` into a temp folder, valid for
 * one day: nothing is committed that could expire or be mistaken for a real key.
 */
export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = await tempDir('chatload-tls-');
  const at = (name: string) => join(dir, name);
  await run('openssl', ['req', '-x509', ...EC, '-keyout', at('self.key'), '-out', at('self.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  await run('openssl', ['req', '-x509', ...EC, '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '1', '-subj', '/CN=chatload test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  await run('openssl', ['req', '-new', ...EC, '-keyout', at('leaf.key'), '-out', at('leaf.csr'), '-subj', '/CN=127.0.0.1']);
  await writeFile(at('leaf.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n');
  await run('openssl', ['x509', '-req', '-in', at('leaf.csr'), '-CA', at('ca.pem'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('leaf.pem'), '-days', '1', '-extfile', at('leaf.ext')]);
  const read = (name: string) => readFile(at(name), 'utf8');
  return {
    selfSigned: { key: await read('self.key'), cert: await read('self.pem') },
    signedByCa: { key: await read('leaf.key'), cert: await read('leaf.pem') },
    caFile: at('ca.pem'),
  };
}
