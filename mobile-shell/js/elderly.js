// 长辈版 (the elderly-friendly mode), decided once for both shells: as the person chose it on the
// home screen (a preference), or, until they choose, following the host's own text size — someone
// who set large text in the city app or WeChat gets 长辈版 without having to find it.
import { bridge } from './bridge.js';

// The host's text at least this much above its standard size counts as large.
export const LARGE_TEXT = 1.15;

export function elderlyMode() {
  const chosen = bridge.getPreference('elderly');
  if (chosen === '1' || chosen === '0') return chosen === '1';
  return bridge.textScale() >= LARGE_TEXT;
}

export function chooseElderly(on) {
  bridge.setPreference('elderly', on ? '1' : '0');
}
