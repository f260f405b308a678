/**
 * The same file plus the one-time-code confirmation method (`data-confirm="otp"`), for sites that
 * confirm consent by a code sent through the receiver. A separate file rather than a plug-in
 * loaded beside the main one: a registration hook a page script could reach would let it swap
 * the protective step for one that confirms by itself.
 */
import { otpConfirmation, registerConfirmationMethod } from '@artgrad/widget';
import { boot } from './boot.js';

registerConfirmationMethod('otp', otpConfirmation);
boot();
