import type { Config } from 'jest';

/** The Jest configuration of the project in `dir` (e.g. `libs/auth`), with what differs. */
export function jestProject(dir: string, overrides?: Config): Config;
