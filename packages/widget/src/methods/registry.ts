import { retrying, type ConsentInternals } from '@artgrad/sdk';
import { checkboxConfirmation, type ConfirmationMethod } from '../confirmation-method.js';

/** Makes a confirmation method for one SDK instance. */
export type MethodMaker = (core: ConsentInternals) => ConfirmationMethod;

const methods = new Map<string, MethodMaker>([['checkbox', checkboxConfirmation]]);
/** Methods fetched when a step first needs them (the script-tag build's one-time-code part). */
const fetched = new Map<string, () => Promise<void>>();

/**
 * Adds a confirmation method, chosen with the `confirm` attribute or the SDK's `confirmation`
 * setting: `registerConfirmationMethod('otp', otpConfirmation)`. Methods are opt-in so that a
 * site carries only the ones it uses; the script-tag build keeps this inside its closure.
 */
export function registerConfirmationMethod(id: string, make: MethodMaker): void {
  methods.set(id, make);
}

/**
 * Like `registerConfirmationMethod`, for a method fetched only when a confirmation step first
 * needs it. The script-tag build registers `otp` so, inside its closure: the part comes from
 * beside the script, under a name built into it, never from anything a page script can reach.
 */
export function registerFetchedConfirmationMethod(id: string, load: () => Promise<MethodMaker>): void {
  fetched.set(id, retrying(() => load().then((make) => void methods.set(id, make))));
}

/** The maker of a method that is here now, if any. */
export const methodOf = (id: string): MethodMaker | undefined => methods.get(id);

/** Whether `id` is a method fetched when first needed (so not an unknown one). */
export const isFetchedMethod = (id: string): boolean => fetched.has(id);

/** Whether a step with method `id` can show now: it is here, or it is not one to fetch (the checkbox is used). */
export const methodReady = (id: string): boolean => methods.has(id) || !fetched.has(id);

/** Fetches a registered method once (a failure is forgotten, so the next press tries again). */
export const fetchMethod = (id: string): Promise<void> => (methods.has(id) ? Promise.resolve() : (fetched.get(id)?.() ?? Promise.resolve()));
