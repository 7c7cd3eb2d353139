// SPDX-License-Identifier: Apache-2.0
// gen.js N SEED - a random register in the interchange format: a few
// organizations and N persons with relatives; Japanese and Latin names,
// multi-byte addresses, JSON escapes.  Deterministic for a given SEED.
'use strict';
const n = parseInt(process.argv[2] || '1000', 10);
let seed = parseInt(process.argv[3] || '1', 10) >>> 0;
function rnd() { // xorshift32
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const fam = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', 'Müller', "O'Brien", 'Nguyễn', '김', '王'];
const giv = ['太郎', '花子', '健一', '美咲', '翔太', '陽菜', '大輔', '結衣', 'Anna', 'José', '민준', '伟'];
const lat = ['SATO', 'SUZUKI', 'TAKAHASHI', 'TANAKA', 'ITO', 'WATANABE', 'YAMAMOTO', 'NAKAMURA'];
const nats = ['JPN', 'JPN', 'JPN', 'JPN', 'USA', 'KOR', 'CHN', 'BRA', 'GBR', 'VNM'];
const rels = ['spouse', 'parent', 'child', 'sibling', 'spouse_parent', 'other'];
const pref = ['東京都千代田区', '大阪府大阪市北区', '愛知県名古屋市中区', '北海道札幌市中央区', '福岡県福岡市博多区'];
const types = ['government', 'contractor', 'research', 'screening', 'partner'];
const date = (y0, y1) => {
  const y = y0 + Math.floor(rnd() * (y1 - y0));
  const m = 1 + Math.floor(rnd() * 12);
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = 1 + Math.floor(rnd() * dim);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};
const out = [];
const orgs = [];
for (let i = 0; i < 12; i++) {
  const id = `org-${i}`;
  orgs.push(id);
  out.push(JSON.stringify({kind: 'organization', id, name: `組織 ${i} "Org" \\ ${i}`, type: types[i % 5], country: i % 5 === 4 ? 'USA' : 'JPN'}));
}
for (let i = 0; i < n; i++) {
  const relatives = [];
  const nr = Math.floor(rnd() * 5);
  for (let r = 0; r < nr; r++) {
    relatives.push({relation: pick(rels), name: `${pick(fam)} ${pick(giv)}`, birth_date: date(1930, 2020),
      nationalities: [pick(nats)], address: `${pick(pref)}${1 + Math.floor(rnd() * 9)}-${1 + Math.floor(rnd() * 30)}-${1 + Math.floor(rnd() * 20)}`,
      cohabitant: rnd() < 0.4});
  }
  const p = {kind: 'person', id: `p${String(i).padStart(7, '0')}`, name: `${pick(fam)} ${pick(giv)}`,
    name_latin: `${pick(lat)} Person${i}`, birth_date: date(1950, 2004), nationalities: rnd() < 0.1 ? ['JPN', 'USA'] : [pick(nats)],
    org: pick(orgs), relatives};
  out.push(JSON.stringify(p));
}
process.stdout.write(out.join('\n') + '\n');
