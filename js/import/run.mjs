// The import loop: rows come in one at a time (a bounded window of rows in
// flight, so memory does not grow with the file), each row is checked for
// every chosen provider first, then sent to each provider's lane. What the
// journal of an earlier run says decides per provider: done → kept; failed
// for a reason worth another try → sent again; outcome unknown → looked up
// first, sent only when it is not there.
import { setMaxListeners } from 'node:events';
import wasm from '../../pkg/node/personkit.js';
import { Lane } from './lane.mjs';
import { DONE, fromResult, fromError, journalForm } from './outcome.mjs';
import { lookUpEquals, lookUpVerifik } from './reconcile.mjs';
import { Stats } from './stats.mjs';
import { SeenRows } from './seen.mjs';
import { Claims, joinClaims, duplicateOf } from './claims.mjs';
import { systemReason } from './journal.mjs';

/** Tries per row and provider: 429s (each waits the provider's shared pause) and other safe failures. */
const MAX_RATE_LIMITED = 10;
const MAX_FAILED = 3;
/** A create's refusal that is the run's set-up, the same for every row: a wrong key or token; Equals' 404, an account that does not exist. */
const SETUP_REFUSED = { verifik: ['UNAUTHORIZED'], equals: ['UNAUTHORIZED', 'NOT_FOUND'], horus: ['UNAUTHORIZED'] };

/**
 * @param {AsyncIterable<Row>|Iterable<Row>} records  Row: { line, key, cells?, peek(): person (photos unread), load(): Promise<person>, problems?: [], notes?: [] (said only when the row is invalid, or with notesRefuse: true, making it so) }
 * @param {object} o  { providers (from makeProviders), concurrency, journal, words (words.mjs), onProgress, onRow, signal, hardSignal }
 */
export async function runImport(records, o) {
  const chosen = Object.keys(o.providers);
  const serverFields = Object.fromEntries(chosen.map((p) => [p, o.providers[p].serverFields]));
  // Our own signal: every waiting row listens to it (more than Node's 10-listener warning allows).
  const stopper = new AbortController();
  setMaxListeners(0, stopper.signal);
  const onStop = () => stopper.abort(o.signal.reason);
  if (o.signal?.aborted) onStop();
  else o.signal?.addEventListener('abort', onStop, { once: true });
  const stop = stopper.signal;
  const ctx = {
    ...o, chosen, serverFields, stop,
    // A journal line that cannot be written (a full disk) or an onRow that throws: the run
    // stops as a Ctrl-C stops it (what is out finishes), then rejects with the first such error.
    fatal: null,
    halt: (err) => { ctx.fatal ??= err; stopper.abort(err); },
    lanes: Object.fromEntries(chosen.map((p) => [p, new Lane(o.concurrency)])),
    seen: new SeenRows(),
    claims: new Claims(),
    verifikScans: new Map(),
    // provider → { line, code } of a create refused for the whole run's set-up (`SETUP_REFUSED`): its other rows are not sent.
    refused: {},
    // Rows whose photos are read (from when the row is checked until it is
    // done): no more than are sent at once, since a phone's photos are
    // megabytes and a row waiting for its turn would hold them for nothing.
    photoSlots: new Lane(o.concurrency),
    stats: new Stats(chosen),
  };
  ctx.stats.total = o.total ?? null;
  const window = new Lane(o.rowsInFlight ?? Math.max(16, o.concurrency * 4));
  const running = new Set();
  let stopped = false;
  try {
    for await (const rec of records) {
      let slot = false;
      if (!stop.aborted) {
        try {
          await window.acquire(stop);
          slot = true;
        } catch { /* stopped while the row waited for its turn */ }
      }
      if (stop.aborted) {
        if (slot) window.release();
        stopped = true;
        // Taken from the input but never started: said so, never dropped. The
        // CLI reads on to the end (`readAll`), so that its results file names
        // every row; not after a write failed (the results file may be the one).
        finish(ctx, rec, notStarted(chosen, ctx.words));
        if (o.readAll === true && ctx.fatal === null) continue;
        break;
      }
      ctx.stats.read += 1;
      const held = { photos: false };
      const p = processRow(rec, ctx, held).then(
        (outcomes) => finish(ctx, rec, outcomes),
        (err) => finish(ctx, rec, Object.fromEntries(chosen.map((pr) => [pr, { status: 'unknown', code: 'INTERNAL', message: short(err?.message) }]))),
      ).finally(() => {
        if (held.photos) ctx.photoSlots.release();
        window.release();
        running.delete(p);
      });
      running.add(p);
    }
  } finally {
    await Promise.all(running);
    o.signal?.removeEventListener('abort', onStop);
  }
  ctx.stats.stopped = stopped || stop.aborted;
  ctx.stats.end = Date.now();
  if (ctx.fatal) {
    // What onRow threw is thrown as it was; an error object also says what the run did.
    if (ctx.fatal instanceof Error && Object.isExtensible(ctx.fatal)) ctx.fatal.summary = ctx.stats.summary();
    throw ctx.fatal;
  }
  return ctx.stats.summary();
}

/** A row the run stopped before: not checked, not sent; the next run with the journal sends it. */
const notStarted = (chosen, words) => Object.fromEntries(chosen.map((p) => [p, { status: 'pending', message: words.notStarted }]));

function finish(ctx, rec, outcomes) {
  ctx.stats.row(outcomes);
  try {
    // `cells` only for the CLI's rows (its results file repeats them): enrolMany's RowResult is as declared.
    ctx.onRow?.({ line: rec.line, key: rec.key, ...(rec.cells !== undefined && { cells: rec.cells }), outcomes: declared(outcomes) });
    ctx.onProgress?.(ctx.stats.snapshot(ctx.lanes));
  } catch (err) {
    ctx.halt(err);
  }
}

/**
 * The outcomes without the run's own marks (`retry`: this run may send it
 * again; `sentNothing`: the create never left), which RowOutcome does not
 * declare and the journal already holds in its own form. `reconciled` is
 * the importer's (`found`), not the client's, which also says "looked
 * first, found nothing, sent".
 */
function declared(outcomes) {
  return Object.fromEntries(Object.entries(outcomes).map(([p, { retry, sentNothing, found, reconciled, ...o }]) => [p, found ? { ...o, reconciled: true } : o]));
}

/**
 * The journal could not be written (a full disk, a lost mount): nothing more
 * is sent, since a create with no `start` line would be unknown to the next
 * run. The creates out finish; what they made stays in their rows' outcomes,
 * and the next run looks up each `start` left without its `end`.
 */
function journalFailed(ctx, err) {
  ctx.halt(Object.assign(new Error(ctx.words.journalUnwritable(ctx.journal.path, systemReason(err))), { code: 'JOURNAL_WRITE_FAILED', cause: err }));
}

/** A row's `end` line; a journal that cannot be written stops the run (the outcome itself stands). */
function journalEnd(ctx, rec, p, form) {
  try {
    ctx.journal.end(rec.key, rec.line, p, form);
  } catch (err) {
    journalFailed(ctx, err);
  }
}

/** A row done earlier now at another line (`Journal#at`); a journal that cannot be written stops the run. */
function journalAt(ctx, rec, p) {
  try {
    ctx.journal.at(rec.key, rec.line, p);
  } catch (err) {
    journalFailed(ctx, err);
  }
}

const short = (v) => (typeof v === 'string' ? v.slice(0, 200) : undefined);

/**
 * Waits, before a row's photos are read, for one of the `concurrency` slots
 * of rows holding photos (released when the row is done: `held`). Never
 * refused: a stopped run's rows get theirs as the rows out finish.
 */
async function photoSlot(rec, ctx, held) {
  if (held.photos || !(rec.peek?.()?.photos?.length > 0)) return;
  await ctx.photoSlots.acquire();
  held.photos = true;
}

async function processRow(rec, ctx, held = { photos: false }) {
  const outcomes = {};
  // A line with problems of its own (cells past the header, not JSON, not
  // UTF-8) is invalid whatever its key says: it is neither a duplicate of a
  // row, nor one a later row duplicates, and its key is not journaled (the
  // key is made of the fields it filled, and may be a good row's).
  if (rec.problems?.length > 0) {
    await photoSlot(rec, ctx, held);
    const { errors } = await check(rec, ctx);
    for (const p of ctx.chosen) outcomes[p] = invalidIn(p, errors, ctx.words);
    return outcomes;
  }
  const first = ctx.seen.get(rec.key);
  if (first !== undefined) {
    for (const p of ctx.chosen) outcomes[p] = { status: 'skipped', code: 'DUPLICATE_ROW', message: ctx.words.sameRowSentOnce(first) };
    return outcomes;
  }
  ctx.seen.set(rec.key, rec.line);
  // Joined now, before any wait: the earliest line with an email (Equals) or an identity
  // number is its person's, whichever is checked first.
  const claims = joinClaims(ctx.claims, rec.peek?.(), ctx.chosen, ctx.serverFields, rec.line);
  let result = null;
  try {
    result = await decideRow(rec, ctx, held, claims);
    return result;
  } finally {
    claims.done(result); // and a row that did not hold its keys by now never will
  }
}

async function decideRow(rec, ctx, held, claims) {
  const outcomes = {};
  const before = ctx.journal.state.get(rec.key);
  const todo = [];
  for (const p of ctx.chosen) {
    const st = before?.[p];
    if (st && DONE.has(st.s)) {
      outcomes[p] = { status: st.s, id: st.id, personaId: st.pid, code: st.code, earlier: true };
      // Its email and identity number are taken: a later row with one is the
      // same person, as in the run that made it (not a lookup that "finds" it).
      if (p === 'equals') claims.email?.hold(claims.outcomes);
      claims.identity?.hold(claims.outcomes);
      // Moved since its line was journaled (the sheet sorted): its line now is, so that
      // an edit where it stands is known by the next run (`editedFrom`).
      if (ctx.editedRows === 'refuse' && (p === 'verifik' || p === 'equals') && !ctx.journal.knowsAt(rec.line, rec.key, p)) journalAt(ctx, rec, p);
    } else if (st?.s === 'failed' && !st.retry) {
      outcomes[p] = { status: 'failed', code: st.code, earlier: true, message: ctx.words.failedEarlier };
    } else {
      // A row an earlier run never journaled may still be a person it sent:
      // the same person in a row since edited (its key changed) or moved.
      // So may any row of a journal whose header is damaged (its keys cannot be matched).
      const unjournaled = st === undefined && (ctx.journal.runs > 0 || ctx.journal.damaged === true);
      // A failure journaled with `ns` made no person (its creates never left): no lookup needed.
      // A row an earlier run found invalid sent nothing itself, but its email
      // may be another row's that was sent (the same person on two rows, the
      // valid one made in that run): Equals looks it up first, as for a row with no record.
      const invalidBefore = p === 'equals' && st?.s === 'invalid';
      todo.push({ p, unknown: st?.s === 'started' || st?.s === 'unknown', failedBefore: st?.s === 'failed' && !st.ns, unjournaled, invalidBefore, edited: unjournaled ? editedFrom(rec, ctx, p) : null });
    }
  }
  // Nothing to send (failed for good in an earlier run): the next row with the email or identity number decides.
  if (!todo.some((t) => t.p === 'equals')) claims.email?.pass();
  if (todo.length === 0) return outcomes;

  await photoSlot(rec, ctx, held);
  const checked = await check(rec, ctx);
  if (!checked.ok) {
    for (const t of todo) {
      outcomes[t.p] = invalidIn(t.p, checked.errors, ctx.words);
      // Invalid in this run proves nothing about what an earlier run sent: a
      // create in doubt (a start with no end, unknown, a failure that may have
      // made the person) or a row an earlier run has no record of keeps its
      // state, so the next run with the row valid looks it up first.
      if (t.unknown || t.failedBefore || t.unjournaled) {
        if (t.unknown || t.failedBefore) outcomes[t.p].message = `${outcomes[t.p].message} ${ctx.words.unsettled}`.slice(0, 600);
        continue;
      }
      journalEnd(ctx, rec, t.p, { s: 'invalid', code: outcomes[t.p].code });
    }
    return outcomes;
  }
  // Valid: this row holds its identity number unless a row before it does (which may still be
  // being checked): then it is that row's person, sent nowhere. A duplicate holds its keys too:
  // a row after it with its email is the same person, through it.
  const same = await claims.identity?.before();
  claims.identity?.hold(claims.outcomes);
  if (same) {
    claims.email?.hold(claims.outcomes);
    for (const t of todo) outcomes[t.p] = await duplicateOf(same, t.p, 'identity', ctx.words);
    return outcomes;
  }
  await Promise.all(todo.map(async (t) => {
    if (t.p === 'equals' && claims.email) {
      // And its email on the Equals account, the same way.
      const holder = await claims.email.before();
      claims.email.hold(claims.outcomes);
      if (holder) {
        outcomes[t.p] = await duplicateOf(holder, 'equals', 'email', ctx.words);
        return;
      }
      outcomes[t.p] = await sendOne(rec, t, checked.value[t.p], ctx);
      return;
    }
    outcomes[t.p] = await sendOne(rec, t, checked.value[t.p], ctx);
  }));
  return outcomes;
}

/**
 * What an earlier run made (or may have made) in Verifik or Equals from
 * this row's line when it held other content, or null. A row edited since
 * (a name corrected) has a new key: sent, it would be a second person in
 * Verifik, which matches by name, and in Equals when the email changed.
 * Not when that content is at another line of the file (the row moved:
 * one deleted above, the sheet sorted). Horus answers a person it has by email or identity number
 * "already exists". The CLI's only (`editedRows`: its lines are the file's,
 * whose default journal is its own): enrolMany's line is an index into
 * each call's rows, and one journal may take batch after batch.
 */
function editedFrom(rec, ctx, p) {
  if (ctx.editedRows !== 'refuse' || (p !== 'verifik' && p !== 'equals')) return null;
  const was = ctx.journal.atLine(rec.line, rec.key, p);
  // Still in the file at another line (`inFile`: the CLI reads it once more first), below this one too: the sheet was sorted.
  return was && ctx.seen.get(was.key) === undefined && ctx.inFile?.get(was.key) === undefined ? was : null;
}

/** ROW_EDITED: not sent, with what the earlier run made from the line and the two ways on. */
function editedRow(line, p, { state }, words) {
  const made = state.s === 'created' ? 'made' : state.s === 'exists' ? 'found' : 'doubt';
  const name = p === 'verifik' ? 'Verifik' : 'Equals';
  return { status: 'failed', code: 'ROW_EDITED', message: words.editedRow({ name, made, id: state.id, line }) };
}

/** The invalid outcome of a row in `provider`, from all of the row's errors. */
function invalidIn(provider, errors, words) {
  const mine = errors.filter((e) => e.provider === undefined || e.provider === provider);
  const message = mine.length > 0
    ? mine.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ') // '': the row itself
    : words.invalidElsewhere([...new Set(errors.map((e) => e.provider))]);
  // A problem with the line itself (broken quoting, not UTF-8, not JSON…) is the row's code.
  const code = mine.find((e) => e.field === 'line')?.code ?? 'VALIDATION_FAILED';
  return { status: 'invalid', code, message: message.slice(0, 500), errors: mine };
}

/** The row as the providers' bodies, or every problem with it (file-level ones first). */
export async function check(rec, ctx) {
  const errors = [...(rec.problems ?? [])];
  const options = ctx.locale === undefined ? undefined : { locale: ctx.locale };
  let person;
  try {
    person = await rec.load();
  } catch (err) {
    errors.push({ field: err?.field ?? 'photos', code: err?.code ?? 'PHOTO_UNREADABLE', message: short(err?.message) ?? ctx.words.photoUnreadable });
    // A photo that cannot be read hides nothing else: the rest of the row
    // is checked too, so one pass finds every problem to fix.
    const { photos, ...rest } = (errors.length === 1 && rec.peek?.()) || {};
    if (photos !== undefined) {
      const others = wasm.toProviderPayloads(rest, ctx.serverFields, options);
      if (!others.ok) errors.push(...others.errors.filter((e) => !e.field.startsWith('photos')));
    }
  }
  if (errors.length > 0) return { ok: false, errors: [...errors, ...(rec.notes ?? [])] };
  const checked = wasm.toProviderPayloads(person, ctx.serverFields, options);
  if (!rec.notes) return checked;
  // Notes that refuse alone (rows swallowed by an open quote) make a valid-looking row invalid.
  if (checked.ok) return rec.notesRefuse ? { ok: false, errors: rec.notes } : checked;
  return { ok: false, errors: [...checked.errors, ...rec.notes] };
}

async function sendOne(rec, { p, unknown, failedBefore, unjournaled, invalidBefore, edited }, payload, ctx) {
  const cfg = ctx.providers[p];
  if (edited) {
    // Equals can tell by the email: found, it is the person (as for any row with no record).
    // Not found, or the lookup cannot tell: refused, not journaled (nothing was sent).
    if (p === 'equals') {
      let found = null;
      try {
        found = await lookUpEquals(cfg.lookup, payload);
      } catch { /* cannot tell: refused below */ }
      if (found) {
        const o = { ...found, status: 'exists', message: ctx.words.alreadyMaybeOurs };
        journalEnd(ctx, rec, p, journalForm(o));
        return o;
      }
    }
    return editedRow(rec.line, p, edited, ctx.words);
  }
  if (unknown && p !== 'horus') {
    let found;
    for (let asked = 1; ; asked += 1) {
      try {
        found = p === 'equals' ? await lookUpEquals(cfg.lookup, payload) : await lookUpVerifik(cfg.lookup, payload, ctx.verifikScans);
        break;
      } catch (err) {
        // A 429 asks to wait, not "cannot tell": the lane pauses as for a create's 429 and the row asks
        // again (at most 10 times), rather than end in doubt in a storm, run after run.
        if (err?.code === 'RATE_LIMITED' && asked < MAX_RATE_LIMITED) {
          const lane = ctx.lanes[p];
          lane.rateLimited(err.retryAfter);
          try {
            await lane.acquire(ctx.stop);
            lane.release();
          } catch {
            return { status: 'pending', code: 'RATE_LIMITED', message: ctx.words.lookupStopped };
          }
          ctx.stats.retry(p);
          continue;
        }
        const o = { status: 'unknown', code: err?.code === 'NO_LOOKUP' ? 'OUTCOME_UNKNOWN' : 'LOOKUP_FAILED', message: ctx.words.lookupCannotTell(short(err?.message)) };
        journalEnd(ctx, rec, p, journalForm(o));
        return o;
      }
    }
    if (found) {
      // Made by the earlier run, not this one: counted as done in an earlier run, and as settled by this lookup.
      const o = { ...found, found: true, earlier: true, message: ctx.words.madeEarlier };
      journalEnd(ctx, rec, p, journalForm(o));
      return o;
    }
  }
  const lane = ctx.lanes[p];
  /** Not sent again because the run was stopped: pending, whatever the last try's failure (a 429 whose pause it cut). */
  const stopped = () => ({ status: 'pending', code: last?.code, message: last ? ctx.words.stoppedAfter(last.code) : ctx.words.stopped });
  let limited = 0;
  let failed = 0;
  let last = null;
  // Whether no person can have been made from this row here so far (as far
  // as lookups tell): not after an earlier run's failure, an unjournaled row
  // (or an Equals row it found invalid) or an uncertain create no lookup
  // settled (Horus is never looked up).
  let clean = !failedBefore && !unjournaled && !invalidBefore && (!unknown || p !== 'horus');
  // Equals' precaution (`lookFirst`, the default): the person may be on the
  // account already, from a signup, personkit/server or another journal;
  // one lookup before the row's first create, unless one just answered.
  let precaution = p === 'equals' && cfg.lookFirst && !unknown;
  for (;;) {
    try {
      await lane.acquire(ctx.stop);
    } catch {
      return stopped();
    }
    // The provider refused the run's set-up (credentials, account): every create would be refused
    // too (a wrong key sent once per row, thousands of times). Not sent; the next run sends it.
    if (ctx.refused[p] !== undefined) {
      lane.release();
      const { line, code } = ctx.refused[p];
      const o = { status: 'failed', code, retryable: true, message: ctx.words.setupRefusedRow(p, code, line) };
      journalEnd(ctx, rec, p, journalForm(o, clean));
      return o;
    }
    // An Equals repeat is a second persona, and a failed answer (a 503, a
    // redirect) is no proof nothing was made: after one, the client looks
    // first. Not while the row is clean: after a busy answer the client
    // itself looked up (not there), or a create refused before it left
    // (nothing was sent since the last lookup, so another could only repeat
    // it, and a refused connection would make it OUTCOME_UNKNOWN).
    const lookFirst = p === 'equals' && !clean;
    // A call that looked first and comes back to be sent again found nothing.
    if (lookFirst) clean = true;
    if (lookFirst) precaution = false;
    if (precaution) {
      // Made here, not by the client's lookFirst: a person found is "already
      // there" (no create of the row was in doubt: not `found`), and one not
      // found leaves the create's own answer to say what it made. A lookup that cannot tell does not stop the row
      // (nothing of it reached Equals): the create goes as it would have
      // without the precaution, as personkit/server does.
      let found = null;
      try {
        found = await lookUpEquals(cfg.lookup, payload);
        precaution = false;
      } catch (err) {
        // A 429 is no "cannot tell": Equals asks to wait, its lookups as its creates. Sent now, the
        // create would give a person already on the account a second persona (and meet the same
        // limit): the lane pauses as for a create's 429, and the row looks again, at most 10 times.
        if (err?.code === 'RATE_LIMITED') {
          lane.release();
          lane.rateLimited(err.retryAfter);
          last = { status: 'failed', code: 'RATE_LIMITED', retryable: true, message: ctx.words.lookupRateLimited };
          if ((limited += 1) >= MAX_RATE_LIMITED) {
            journalEnd(ctx, rec, p, journalForm(last, true));
            return last;
          }
          ctx.stats.retry(p);
          continue;
        }
        /* otherwise cannot tell: asked again before the next try that sent nothing */
      }
      if (found) {
        lane.release();
        // Nothing of this row was sent before: "already there", no doubt settled (not `found`).
        const o = { ...found, status: 'exists', message: ctx.words.alreadyOnAccount };
        journalEnd(ctx, rec, p, journalForm(o));
        return o;
      }
    }
    try {
      ctx.journal.start(rec.key, rec.line, p);
    } catch (err) {
      // Not sent: a create the journal does not know of could be sent twice by the next run.
      lane.release();
      journalFailed(ctx, err);
      return { status: 'pending', code: last?.code, message: ctx.words.journalNotWritten };
    }
    let o;
    try {
      o = fromResult(p, ctx.words, await cfg.client.createPerson(payload, lookFirst ? { signal: ctx.hardSignal, lookFirst } : { signal: ctx.hardSignal }));
      // Found before this row was sent in this run or a journaled one: the
      // account had the person already (whoever made it: nobody can tell
      // for a row edited since an earlier run, so it is not called created).
      if (o.reconciled && o.attempts === 0 && last === null && !failedBefore) o = { ...o, status: 'exists', message: unjournaled ? ctx.words.alreadyMaybeOurs : ctx.words.alreadyOnAccount };
      // Found before anything was sent, after an earlier run's create that failed in a way that may have made it: that run's.
      else if (o.reconciled && o.attempts === 0 && last === null) o = { ...o, found: true, earlier: true, message: ctx.words.madeEarlier };
      // Found by a lookup after a create of this run that may have made it:
      // the client's lookFirst before this try (nothing sent: 0 attempts), or
      // its lookup after this try's answer was lost. The client's `reconciled`
      // also says "looked first, found nothing, sent": that create decided it.
      else if (o.reconciled && (!lookFirst || o.attempts === 0)) o = { ...o, found: true };
      // Horus "already there" to a row this run or an earlier one had sent: perhaps its own create.
      if (p === 'horus' && o.status === 'exists' && (last !== null || unknown)) o = { ...o, message: ctx.words.horusAfterRepeat };
      lane.ok();
    } catch (err) {
      o = fromError(p, err);
      if (o.code === 'RATE_LIMITED') lane.rateLimited(err.retryAfter);
      if (SETUP_REFUSED[p].includes(o.code) && ctx.refused[p] === undefined) {
        ctx.refused[p] = { line: rec.line, code: o.code };
        // Said as it happens (the CLI's stderr): a summary of thousands "failed" does not say it is the set-up.
        ctx.onWarning?.(ctx.words.setupRefused(p, o.code, rec.line));
      }
    } finally {
      lane.release();
    }
    // Still clean after a create that never left, or a busy Equals answer the client looked up.
    clean = o.sentNothing ? clean : p === 'equals' && o.code === 'RATE_LIMITED' && o.reconciled === true;
    // The precaution is before the row's first create: after one that left, `clean` decides.
    if (!o.sentNothing) precaution = false;
    journalEnd(ctx, rec, p, journalForm(o, clean && o.sentNothing === true));
    if (!o.retry) return o;
    last = o;
    if (o.code === 'RATE_LIMITED') {
      if ((limited += 1) >= MAX_RATE_LIMITED) return o;
      ctx.stats.retry(p);
      continue; // the lane's pause is the wait
    }
    if ((failed += 1) >= MAX_FAILED) return o;
    ctx.stats.retry(p);
    try {
      await sleep(backoff(failed), ctx.stop);
    } catch {
      return stopped();
    }
  }
}

/** 500–1000 ms, then 1–2 s, … (jittered so that the workers do not come back together). */
const backoff = (n) => Math.min(8000, 250 * 2 ** n) * (1 + Math.random());

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal.reason); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
