// What the form-filling tests type, by field type, shared by the phone (phone_form.mjs) and the
// mini-program (miniprogram_form.mjs): values a careful person types, in the order tried when the
// form refuses one.

// Valid resident ID numbers (GB 11643 check character), different people.
export function residentId(area, birth, seq) {
  const body = `${area}${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

export const VALUES = {
  person_name: ['张小明', '李红'],
  resident_id: [residentId('211402', '20250115', '002'), residentId('211402', '19860120', '451'), residentId('211402', '19600302', '123')],
  mobile: ['13912345678', '13800138000'],
  date: ['20250115', '19850601', '19580302', '20241201'],  // typed on the digit keyboard
  number: ['1', '3200', '39', '50', '12', '0', '2'],
  money: ['1200', '0', '300'],
  uscc: ['91110108MA01234567'],
  text: ['测试内容', '6222021234567890123', '青禾市妇幼保健院'],
  long_text: ['因搬家不慎丢失。'],
};

// A photo for attachment fields (one white pixel, PNG).
export const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
