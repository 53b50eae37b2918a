// Prerequisites: Java + the jars Maven fetches, and the npm clients we probe with (Debian packages:
// prereqs.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot, rel } from './config.mjs';
import { run, which } from './proc.mjs';

export function javaBin() {
  const home = process.env.JAVA_HOME;
  if (home && fs.existsSync(path.join(home, 'bin', 'java')))
    return path.join(home, 'bin', 'java');
  return which('java');
}

let javaChecked = null;
/** Java 17+ is needed: S3Proxy 2.x requires it (Kafka 3.9 would run on 11). */
export async function ensureJava() {
  if (javaChecked) return javaChecked;
  const java = javaBin();
  if (!java) {
    throw new Error(
      'java not found: install a Java 17+ runtime (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) or set JAVA_HOME',
    );
  }
  const { stderr, stdout } = await run(java, ['-version']);
  const m = /version "(\d+)(?:\.(\d+))?/.exec(stderr + stdout);
  const major = m ? (Number(m[1]) === 1 ? Number(m[2]) : Number(m[1])) : 0;
  if (major && major < 17) {
    throw new Error(
      `${java} is Java ${major}; Java 17+ is needed (apt-get install -y openjdk-17-jre-headless, or set JAVA_HOME)`,
    );
  }
  javaChecked = java;
  return java;
}

const pom = path.join(repoRoot, 'tools', 'stack', 'pom.xml');

function hasJars(dir) {
  try {
    return fs.readdirSync(dir).some((f) => f.endsWith('.jar'));
  } catch {
    return false;
  }
}

/**
 * Jars of one server (Maven profile `kafka`, `s3proxy` or `zipkin`) in .stack/lib/<profile>, fetched once.
 * The pom defaults to <repo>/.stack/lib; -Dstack.lib.dir follows STACK_DIR.
 */
export async function ensureJars(c, profile, log) {
  const dir = path.join(c.dirs.lib, profile);
  if (hasJars(dir)) return dir;
  const mvn = which('mvn');
  if (!mvn) {
    throw new Error(
      'mvn not found: install Apache Maven (Debian/Ubuntu: apt-get install -y maven) to fetch the Kafka/S3Proxy/Zipkin jars',
    );
  }
  log(`fetching ${profile} jars with Maven into ${rel(dir)} (first run only)`);
  const args = [
    '-q',
    '-B',
    '-f',
    pom,
    '-P',
    profile,
    'dependency:copy-dependencies',
    `-Dstack.lib.dir=${c.dirs.lib}`,
  ];
  const r = await run(mvn, args, { cwd: repoRoot });
  if (r.code !== 0 || !hasJars(dir)) {
    throw new Error(
      `Maven could not fetch the ${profile} jars (mvn ${args.join(' ')}):\n${(r.stdout + r.stderr).trim().slice(-3000)}`,
    );
  }
  return dir;
}

/**
 * Load an npm package from the repo's node_modules (or NODE_PATH). createRequire is used instead of
 * `import` because ESM resolution ignores NODE_PATH, and so that commands that need no client
 * (status, down) work before `npm ci`.
 */
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
export function npmModule(name) {
  try {
    return requireFromRepo(name);
  } catch (e) {
    if (e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(name)) {
      throw new Error(
        `npm package ${name} is not installed: run "npm ci" at the repo root`,
      );
    }
    throw e;
  }
}
export function hasNpmModule(name) {
  try {
    requireFromRepo.resolve(name);
    return true;
  } catch {
    return false;
  }
}
