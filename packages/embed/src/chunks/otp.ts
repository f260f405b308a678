// Chunk: one-time-code confirmation, fetched when a step first needs it (data-confirm="otp").
export { otpConfirmation } from '@artgrad/widget/otp';
