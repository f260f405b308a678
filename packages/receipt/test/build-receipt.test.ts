import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import { buildReceipt, checkPayload, ReceiptError, type ReceiptInput } from '@artgrad/receipt';
import { receiptInput } from './fixtures/receipt-input.js';

const fixtureSchema = new URL('./fixtures/kantara-consent-receipt-v1_1.schema.json', import.meta.url);
const sharedSchema = new URL('../../../../shared/standards/kantara-consent-receipt-v1_1.schema.json', import.meta.url);
const kantara = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(fixtureSchema, 'utf8')));

describe('buildReceipt', () => {
  it('makes a payload the Kantara v1.1 schema accepts', () => {
    const payload = buildReceipt(receiptInput());
    expect(kantara(payload), JSON.stringify(kantara.errors)).toBe(true);
    expect(() => checkPayload(payload)).not.toThrow();
  });

  it('is checked against the schema in shared/ too, when shared/ is beside the repo', () => {
    if (!existsSync(sharedSchema)) return; // a clone without shared/ still checks the fixture copy
    expect(readFileSync(sharedSchema, 'utf8')).toBe(readFileSync(fixtureSchema, 'utf8'));
  });

  it('fills the Kantara fields from the input', () => {
    const payload = buildReceipt(receiptInput({ subjectId: 'customer-42', newKey: true }));
    expect(payload).toMatchObject({
      version: 'KI-CR-v1.1.0',
      jurisdiction: 'KZ',
      consentTimestamp: 1_764_000_000, // seconds, not ms
      iat_ms: 1_764_000_000_123,
      consentReceiptID: '6f1c2b7e-0d4a-4c5b-9e3f-2a1b0c9d8e7f',
      collectionMethod: 'web consent form',
      language: 'kk',
      piiPrincipalId: 'device:OxDOaXIApyMJH42yAcqbToJq1n24FPLAXZdBkYk1WfU',
      policyUrl: 'https://artgrad.kz/policy/2024-1/kk',
      sensitive: false,
      spiCat: [],
      controllerBin: '123456789012',
      subjectId: 'customer-42',
      newKey: true,
      prev: null,
    });
    expect(payload.piiControllers).toEqual([
      {
        piiController: '«АртГрад» ЖШС',
        contact: '«АртГрад» ЖШС',
        address: { formatted: 'Алматы қ., Абай даңғылы 1', country: 'KZ' },
        email: 'privacy@artgrad.kz',
        phone: '+7 727 000 00 00',
        piiControllerUrl: 'https://artgrad.kz',
      },
    ]);
    expect(payload.services).toHaveLength(1);
    expect(payload.services[0]!.service).toBe('ArtGrad online shop');
    expect(payload.services[0]!.purposes).toEqual([
      {
        purpose: 'Дербес деректерді жинау және өңдеу',
        purposeCategory: ['processing'],
        consentType: 'EXPLICIT',
        piiCategory: ['personal data'],
        primaryPurpose: true,
        termination: 'until withdrawn',
        thirdPartyDisclosure: false,
      },
      {
        purpose: 'Дербес деректерді жалпыға қолжетімді көздерде тарату',
        purposeCategory: ['dissemination'],
        consentType: 'EXPLICIT',
        piiCategory: ['personal data'],
        primaryPurpose: false,
        termination: 'until withdrawn',
        thirdPartyDisclosure: false,
      },
    ]);
  });

  it('names the third party when terms disclose to one, as the schema oneOf requires', () => {
    const terms = { term: 'P3Y', thirdParties: true, thirdPartyName: 'Kazpost JSC', crossBorder: false, publicSources: true };
    const payload = buildReceipt(receiptInput({ terms }));
    expect(payload.services[0]!.purposes.every((p) => p.thirdPartyDisclosure && p.thirdPartyName === 'Kazpost JSC')).toBe(true);
    expect(kantara(payload), JSON.stringify(kantara.errors)).toBe(true);
    // The schema itself refuses a disclosure without a name: what the builder prevents.
    const { thirdPartyName: _, ...nameless } = payload.services[0]!.purposes[0] as unknown as Record<string, unknown>;
    expect(kantara({ ...payload, services: [{ service: 'x', purposes: [nameless] }] })).toBe(false);
  });

  it('leaves out what was not given and keeps optional controller fields that were', () => {
    const plain = buildReceipt(receiptInput());
    expect(plain).not.toHaveProperty('newKey');
    expect(plain).not.toHaveProperty('subjectId');
    expect(buildReceipt(receiptInput({ newKey: false }))).not.toHaveProperty('newKey');
    const withExtras = buildReceipt(
      receiptInput({ controller: { ...receiptInput().controller, contact: 'DPO', onBehalf: true }, collectionMethod: 'checkout form' }),
    );
    expect(withExtras.piiControllers[0]).toMatchObject({ contact: 'DPO', onBehalf: true });
    expect(withExtras.collectionMethod).toBe('checkout form');
  });

  it('copies the input, so later changes to it cannot alter a built receipt', () => {
    const input = receiptInput();
    const payload = buildReceipt(input);
    input.decisions.processing = false;
    (input.confirmation as Record<string, unknown>).msOnStep = 1;
    expect(payload.decisions.processing).toBe(true);
    expect(payload.confirmation.msOnStep).toBe(1234);
  });

  const base = receiptInput();
  const invalid: [string, Partial<ReceiptInput> | ((i: ReceiptInput) => unknown), string][] = [
    ['a non-UUID id', { id: 'receipt-1' }, 'id must be a UUID'],
    ['a fractional time', { timeMs: 1.5 }, 'timeMs'],
    ['a negative time', { timeMs: -1 }, 'timeMs'],
    ['an empty principal', { principalId: '' }, 'principalId'],
    ['an empty subject', { subjectId: ' ' }, 'subjectId'],
    ['a missing controller', (i) => ({ ...i, controller: undefined }), 'controller must be an object'],
    ['an empty controller.bin', { controller: { ...base.controller, bin: '' } }, 'controller.bin must be 12 digits'],
    ['an 11-digit controller.bin', { controller: { ...base.controller, bin: '12345678901' } }, 'controller.bin'],
    ['an empty controller.name', { controller: { ...base.controller, name: '' } }, 'controller.name'],
    ['a controller.email without @', { controller: { ...base.controller, email: 'privacy' } }, 'controller.email'],
    ['an empty controller.phone', { controller: { ...base.controller, phone: '' } }, 'controller.phone'],
    ['an empty controller.address', { controller: { ...base.controller, address: '' } }, 'controller.address'],
    ['a relative controller.url', { controller: { ...base.controller, url: '/about' } }, 'controller.url'],
    ['a non-http policyUrl', { policyUrl: 'javascript:alert(1)' }, 'policyUrl'],
    ['a bad language', { language: 'Kazakh' }, 'language'],
    ['no purposes', { purposes: [] }, 'purposes must be a non-empty array'],
    ['a purpose without label', { purposes: [{ id: 'processing', label: '' }] }, 'purposes[0].label'],
    ['a hole in purposes', { purposes: [, base.purposes[0]!] as never }, 'purposes[0] must be an object'],
    ['a hole in a confirmation array', { confirmation: { method: 'checkbox', steps: [1, , 3] } }, 'confirmation.steps[1] must be plain JSON'],
    ['a repeated purpose', { purposes: [base.purposes[0]!, base.purposes[0]!] }, 'purposes[1].id repeats'],
    ['a decision for a purpose not shown', { decisions: { processing: true, marketing: true } }, 'decisions.marketing names a purpose that was not shown'],
    ['a non-boolean decision', (i) => ({ ...i, decisions: { processing: 'yes' } }), 'decisions.processing must be a boolean'],
    ['an unknown event', (i) => ({ ...i, event: 'accepted' }), 'event must be one of'],
    ['a policy hash that is hex', { policy: { ...base.policy, sha256: 'ab'.repeat(32) } }, 'policy.sha256'],
    ['an empty policy version', { policy: { ...base.policy, version: '' } }, 'policy.version'],
    ['a confirmation without method', (i) => ({ ...i, confirmation: { shownAt: 'x' } }), 'confirmation.method'],
    ['a confirmation holding a Date', { confirmation: { method: 'checkbox', shownAt: new Date() } }, 'confirmation.shownAt must be plain JSON'],
    ['a confirmation holding NaN', { confirmation: { method: 'checkbox', msOnStep: Number.NaN } }, 'confirmation.msOnStep'],
    ['a confirmation holding undefined', { confirmation: { method: 'checkbox', fullTextOpenedAt: undefined } }, 'confirmation.fullTextOpenedAt'],
    ['a cyclic confirmation', (i) => {
      const confirmation: Record<string, unknown> = { method: 'checkbox' };
      confirmation.self = confirmation;
      return { ...i, confirmation };
    }, 'nests too deep'],
    ['a prev that is not a hash', { prev: 'previous' }, 'prev must be null or a chain hash'],
    ['a non-boolean newKey', (i) => ({ ...i, newKey: 'yes' }), 'newKey'],
    ['an empty term', { terms: { ...base.terms, term: '' } }, 'terms.term'],
    ['third parties without a name', { terms: { ...base.terms, thirdParties: true } }, 'terms.thirdPartyName'],
    ['a missing crossBorder', (i) => ({ ...i, terms: { term: 'x', thirdParties: false, publicSources: false } }), 'terms.crossBorder'],
    ['an empty collectionMethod', { collectionMethod: '' }, 'collectionMethod'],
  ];

  it.each(invalid)('refuses %s with RECEIPT_INPUT naming the field', (_, change, field) => {
    const input = typeof change === 'function' ? change(receiptInput()) : receiptInput(change);
    let error: unknown;
    try {
      buildReceipt(input as ReceiptInput);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReceiptError);
    expect((error as ReceiptError).code).toBe('RECEIPT_INPUT');
    expect((error as ReceiptError).message).toContain(field);
  });
});

describe('checkPayload', () => {
  const valid = () => JSON.parse(JSON.stringify(buildReceipt(receiptInput()))) as Record<string, any>;
  const cases: [string, (p: Record<string, any>) => void, string][] = [
    ['a missing spiCat', (p) => delete p.spiCat, 'spiCat must be an array'],
    ['consentTimestamp in ms', (p) => (p.consentTimestamp = p.iat_ms), 'consentTimestamp must be iat_ms in whole seconds'],
    ['a string consentTimestamp', (p) => (p.consentTimestamp = '1764000000'), 'consentTimestamp must be a non-negative integer'],
    ['another version', (p) => (p.version = 'KI-CR-v1.0.0'), 'version'],
    ['a missing controller email', (p) => delete p.piiControllers[0].email, 'piiControllers[0].email must be a string'],
    ['a string address', (p) => (p.piiControllers[0].address = 'Almaty'), 'piiControllers[0].address must be an object'],
    ['a disclosure without name', (p) => (p.services[0].purposes[1].thirdPartyDisclosure = true), 'services[0].purposes[1].thirdPartyName'],
    ['a missing piiCategory', (p) => delete p.services[0].purposes[0].piiCategory, 'services[0].purposes[0].piiCategory'],
    ['sensitive data', (p) => (p.sensitive = true), 'sensitive'],
    ['a decision not in services', (p) => (p.decisions.marketing = true), 'decisions.marketing'],
    ['a null confirmation', (p) => (p.confirmation = null), 'confirmation must be an object'],
    ['newKey false', (p) => (p.newKey = false), 'newKey must be true'],
    ['a missing prev', (p) => delete p.prev, 'prev must be a string'],
  ];
  it.each(cases)('refuses %s with RECEIPT_SCHEMA naming the path', (_, change, message) => {
    const payload = valid();
    change(payload);
    expect(() => checkPayload(payload)).toThrow(expect.objectContaining({ code: 'RECEIPT_SCHEMA', message: expect.stringContaining(message) }));
  });

  it('refuses what is not an object at all', () => {
    for (const junk of [null, [], 'receipt', 42]) {
      expect(() => checkPayload(junk)).toThrow(expect.objectContaining({ code: 'RECEIPT_SCHEMA', message: 'payload must be an object' }));
    }
  });
});
