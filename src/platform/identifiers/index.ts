export { formatNhsNumber, isValidNhsNumber, nhsCheckDigit, normaliseNhsNumber } from './nhs-number.ts';
export { isValidPostcode, normalisePostcode, type ParsedPostcode, parsePostcode } from './postcode.ts';
export { isTemporaryUpn, isValidUpn, normaliseUpn, UPN_LETTERS, upnCheckLetter } from './upn.ts';
