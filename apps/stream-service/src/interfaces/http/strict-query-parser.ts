import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Application } from 'express';
import { parse, type ParsedUrlQuery } from 'node:querystring';

/**
 * Express's query parser: Node's querystring, as Express's default 'simple' parser, except for
 * percent-encoded bytes that are not UTF-8. querystring turns those into U+FFFD, so
 * `probe-%ff%fe.mp4`, `probe-%fe%ff.mp4` and `probe-%80%80.mp4` all became the same name. Here a
 * value that does not decode strictly (invalid bytes, overlong forms, lone surrogates, truncated
 * sequences: decodeURIComponent refuses all of them) stays percent-encoded, which every
 * validator of this service refuses (VideoKey answers "not valid UTF-8").
 */
export function parseQueryStrictly(query: string): ParsedUrlQuery {
  return parse(query, '&', '=', { decodeURIComponent: decodeOrKeep });
}

function decodeOrKeep(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** Installs parseQueryStrictly as this app's Express query parser (read per request, so at init is early enough). */
@Injectable()
export class StrictQueryParserInstaller implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const express = this.adapterHost.httpAdapter?.getInstance<Application>();
    express?.set('query parser', parseQueryStrictly);
  }
}
