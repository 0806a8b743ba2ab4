/**
 * Synthetic children's records with known duplicates, to measure deduplication at scale (up to
 * millions of records). Every person is made up: names are drawn at random from lists of common
 * names, addresses from made-up streets, NHS numbers from a range not issued to patients.
 * `person_id` is the truth: all records of one person share it.
 *
 * Distinct people are children aged 0–17 on 2026-09-01, living in households of 1–4 siblings who
 * share a family name and an address; about 15 households share a postcode unit. Some siblings
 * are twins: same family name, address and date of birth, different given names.
 *
 * About a quarter of the records (`duplicateRate`) are further records of a child already
 * generated, as another agency would hold them: a school, a GP, the police, children's social
 * care. Each carries 0–3 independent errors of the kinds such records really have, because the
 * engine must be measured against those disagreements, not only against exact copies:
 *   - a typo in the given or family name (a letter inserted, dropped, mistyped or transposed);
 *   - a nickname or spelling variant instead of the given name ('Alfie' for 'Alfred');
 *   - given and family names swapped;
 *   - a new family name (a parent's marriage: a new name or a double-barrelled one);
 *   - day and month of birth swapped (when the day is 12 or less);
 *   - the day, month or year of birth off by one;
 *   - a house move (a new postcode and address; half of them within the same postcode sector);
 *   - a postcode with a typo, or none;
 *   - the address written differently ('Road' as 'Rd', no comma, no house number);
 *   - no NHS number, or, rarely, one with a digit mistyped or two adjacent digits transposed (an
 *     invalid number: Modulus 11 catches every such error, but not every system checks it).
 * Besides, any record may lack its sex (about 2%) or its NHS number (about 15% in all).
 *
 * The output is deterministic for a seed. The linkage benchmark and the default model are made
 * from it (bench/linkage); to write it as a CSV file:
 *   node --import tsx bench/linkage/people-csv.ts 1000000 /tmp/people.csv [seed]
 *
 * The nicknames are the linkage engine's own groups and the columns its standard fields, taken
 * from its index, so that what the benchmark asks the engine to forgive is what it knows.
 */
import { NICKNAME_GROUPS, PERSON_FIELDS, nicknameGroupOf } from '../modules/linkage/index.ts';
import { Random } from './random.ts';

export interface SyntheticPerson {
  person_id: string;
  given_name: string;
  family_name: string;
  sex: string;
  date_of_birth: string;
  postcode: string;
  address: string;
  nhs_number: string;
}

export interface GenerateOptions {
  /** The number of output rows, originals and duplicates together. */
  records: number;
  seed?: number;
  /** The share of rows that are extra records of a person already generated: 0 to 0.75, default 0.25. */
  duplicateRate?: number;
}

// The truth column, then the linkage engine's standard fields in its order.
const FIELDS = ['person_id', ...PERSON_FIELDS] as const;

// ---------------------------------------------------------------------------------------------
// Random numbers come from the one seeded generator (random.ts), as the demo county's do. Each
// table below is drawn from often enough to keep its cumulative weights, sampled by binary
// search, rather than Random.weighted's walk along the list.

/** Cumulative weights, sampled by binary search. */
class Weighted {
  readonly #cumulative: Float64Array;
  readonly #total: number;

  constructor(weights: readonly number[]) {
    this.#cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i]!;
      this.#cumulative[i] = sum;
    }
    this.#total = sum;
  }

  pick(rng: Random): number {
    const x = rng.next() * this.#total;
    const c = this.#cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Weights that fall off with rank like name frequencies do: 1 / (rank + offset). */
function zipf(n: number, offset: number): number[] {
  const weights = new Array<number>(n);
  for (let r = 0; r < n; r++) weights[r] = 1 / (r + offset);
  return weights;
}

function capitalise(name: string): string {
  return name.replace(/(^|[-' ])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// Given names, most popular first. Short forms that are given names in their own right
// (Alfie, Archie, Freddie, Ellie) are listed as such.

const BOYS = `muhammad noah oliver george leo arthur oscar theodore freddie theo archie alfie henry jack
charlie luca thomas jacob isaac william finley lucas james teddy harry tommy edward ezra albie hudson
joshua max arlo roman louie reggie jude alexander elijah ronnie mohammed rory ethan jaxon benjamin
harrison sonny hunter toby reuben adam louis joseph samuel daniel david ralph frankie dylan harvey
sebastian yusuf jesse jenson otis hugo elliot frederick mason ibrahim ali omar ayaan zayn hamza musa
riley logan jayden kai caleb zachary ryan michael aiden nathan luke matthew stanley bobby billy alfred
rowan felix oakley ollie jasper mohammad abdullah yahya ismail aarav arjun rohan dev krish vihaan
kacper jakub filip szymon oskar antoni nikodem aleksander mateusz kofi kwame tobi emeka callum connor
kieran liam owen rhys evan dexter jamie joel blake carter nathaniel gabriel patrick christopher anthony
jonathan robert richard andrew brandon kyle aaron tyler lewis cameron jake alex sam joe ben harley
ellis ahmed hassan idris bilal rayyan kayden junior tristan wilfred austin sidney`
  .split(/\s+/)
  .filter((s) => s !== '');

const GIRLS = `olivia amelia isla lily ava ivy freya florence isabella mia willow rosie sophia elsie evelyn
grace poppy daisy sienna ella evie margot harper sofia matilda aria phoebe ruby maya esme bonnie emily
violet lottie millie maisie isabelle penelope eliza charlotte alice harriet ellie layla nancy mabel
thea hannah jessica sophie chloe emma lucy zara olive orla ada aisha fatima maryam zainab hafsa amira
aaliyah anaya inaya khadija safiya ayesha hana noor priya simran aanya zuzanna oliwia maja lena julia
chioma ama abigail megan katie lauren georgia holly bethany caitlin erin niamh imogen scarlett
elizabeth jasmine leah madison amber molly summer eva victoria rebecca natalie samantha eleanor
annabelle beatrice clementine francesca gabriella josephine katherine kate libby tilly bella jess
beth lola iris delilah hallie edith mila luna maria nell robyn skye darcie amelie lexi mollie martha
kayla jade paige tia amara zoe naomi eden ayla lyla hollie ruth`
  .split(/\s+/)
  .filter((s) => s !== '');

const GIVEN: string[] = [];
const GIVEN_SEX: string[] = [];
for (const name of BOYS) {
  GIVEN.push(capitalise(name));
  GIVEN_SEX.push('M');
}
for (const name of GIRLS) {
  GIVEN.push(capitalise(name));
  GIVEN_SEX.push('F');
}
const BOYS_TABLE = new Weighted(zipf(BOYS.length, 20));
const GIRLS_TABLE = new Weighted(zipf(GIRLS.length, 20));

/**
 * For each given name, its nicknames and variants: the other names of its first nickname group
 * (a boy called Alex is an Alexander, not an Alexandra).
 */
const GIVEN_VARIANTS: string[][] = GIVEN.map((display) => {
  const name = display.toLowerCase();
  const group = nicknameGroupOf(name);
  if (group === undefined) return [];
  return NICKNAME_GROUPS[group]!.filter((other) => other !== name).map(capitalise);
});

// ---------------------------------------------------------------------------------------------
// Family names, most common first: the families of England today, Welsh-border names among them.

const SURNAMES = `Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips
Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins
Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson
Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes
Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham
Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox
Ford Pearce Day Brooks West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien
Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett
Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins
Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah Dodd Bishop Long
Burns Lambert Nicholson Mahmood Iqbal Rahman Akhtar Sharma Chauhan Mistry Parmar Kumar Chowdhury
Uddin Islam Miah Hossain Nowak Kowalski Wisniewski Kaminski Lewandowski Zielinski Wojcik Popescu
Ionescu Kazlauskas Petrov Horvath Silva Santos Ferreira Pereira Costa Rossi Nguyen Tran Wong Chen Li
Zhang Liu Yang Okafor Adeyemi Mensah Osei Boateng Okoro Adebayo Mohamed Hassan Abdi Farah Yilmaz
Demir Kaya Brennan Doyle Byrne Quinn McCarthy McDonald MacDonald McLean McKenzie Fraser Cameron
Hamilton Ferguson Sinclair Sutherland Duncan Ross Black Wallace Crawford Kerr Lynch Gallagher Kavanagh
O'Connor O'Neill O'Sullivan Sweeney Connolly Donnelly Maguire Higgins Whelan Rowe Burke Hale Blake
Hobbs Nash Preston Sharp Lucas Little Fowler Jordan Hammond Mann Kemp Sutton Norris Moss Goodwin
Benson Hargreaves Greenwood Bates Chambers Hewitt Tucker Sanders Hopkins Lane Howell Vaughan Bowen
Pugh Probert Prosser Meredith Bevan Rowlands Parry Jarvis Whitehouse Pritchard Watkins Gough Beddoes
Bromley Hemming Hodges Baxter Tolley Jeavons Cartwright Yates Kirby Hancock Austin Holt Steele Dean
Frost Harper Weston Randall Flynn Whitehead Norton Todd Walton Hurst Swift Stephenson Osborne Cross
Howe Read Cunningham Chamberlain Banks Summers Hope Skinner Pickering Coleman Hyde Connor Nolan Hardy
Lord Gilbert Short Barber Briggs Patterson Tomlinson Sykes Holden Heath Barton Knowles Birch Stokes
Thornton Potter Howells Haynes Leach Rhodes Slater Sullivan Humphreys Bowden Parkinson Duffy
Middleton Wilkins Ashton Bond Burgess Charlton Dyer Farmer Field Glover Hicks Hobson Hodgson Horton
Ingram Jacobs Joyce Lamb Mellor Moran Morley Nixon Pollard Pope Rowley Sargent Savage Seymour Simmons
Small Stanley Stanton Storey Talbot Thorpe Townsend Tyler Vincent Wade Walters Warren Waters Wheeler
Whittaker Wiggins Winter Wyatt Yeomans Arnold Bull Bray Buckley Burrows Chandler Clayton Coates Cope
Dale Dalton Davey Daly Eaton Emery Finch Fitzgerald Forbes Garner Garrett Gordon Hardwick Harrington
Hartley Hawkes Holloway Horne Iles Jennings Kent Lister Lyons Marriott May Mead Morton Noble North
Oakes Peacock Perkins Pike Reeves Robson Sheppard Shepherd Sims Stubbs Thomson Tanner Underwood
Vickers Weaver Whitfield Wilde Woodward Ahmad Anwar Aslam Bibi Butt Din Farooq Haider Hameed Javed
Kiani Malik Mirza Nawaz Qureshi Rashid Raza Riaz Saleem Sultan Yousaf Zaman Bhatti Choudhury Das
Dutta Ghosh Joshi Mehta Nair Pillai Rao Reddy Sandhu Sidhu Dhillon Grewal Johal Bains Atwal Hayer
Bassi Ahmadi Karimi Rezaei Abubakar Ibrahim Osman Warsame Ogunleye Eze Nwosu Chukwu Obi Asante Owusu
Danso Appiah Banda Phiri Moyo Ncube Dube Samuels Gayle Blackwood Henry Morrison Douglas Spence
Walcott Forde Kowalczyk Nowicki Mazur Krawczyk Jankowski Wojciechowski Szymanski Dabrowski Kozlowski
Pawlak Michalski Stan Dumitru Popa Radu Munteanu Balan Stoica Matei Petrauskas Jankauskas Ozols
Berzins Kalnins Ivanov Novak Kovac Horvat Tamm Muller Schmidt Fischer Weber Meyer Becker Russo Romano
Bianchi Esposito Garcia Martinez Lopez Gonzalez Rodriguez Fernandes Oliveira Sousa Rodrigues Almeida
Celik Sahin Ozturk Aydin Papadopoulos Georgiou Christodoulou Ng Lam Ho Cheung Chan Leung Lau Tang
Zhou Huang Wu Kim Park Choi Tanaka Sato Pham Le Hoang Vu Dang`
  .split(/\s+/)
  .filter((s) => s !== '');

const SURNAME_TABLE = new Weighted(zipf(SURNAMES.length, 14));
/** The share of households whose family name comes from the long tail rather than the list. */
const TAIL_SHARE = 0.4;

// The long tail: English-sounding place-name surnames put together from parts ('Ashingley',
// 'Coldenham', 'Thornsworth'), tens of thousands of them, each rare.
const TAIL_FIRST = `ash bar black brad bram brock burn cald card carr chad chat clay cliff cold cran dal
dun east elm fair farn fen fox gar glad gold good green ham hard hart haw hay heath hol horn hun kes
kings lang lath lind lock long mar mel mid mil moor mort nor oak pen pick pres rad ram red rid rock
row rush sal sand shel short stan stock sut thorn tod wal war web wed west whit wig win wood wor york
ather bick bod bux cam crow dray eg fad grim hex ick jes kel lud nant orm pad quar ros sef tib ux ved
wen yat`
  .split(/\s+/)
  .filter((s) => s !== '');
const TAIL_MIDDLE = ['', '', '', '', 'er', 'ing', 'en', 's', 'el'];
const TAIL_LAST = `ley ton worth field ham by wood ford well more bury combe dale den don hurst land low man
mer sby shaw stead stone thorpe wick win wright croft cott ridge brook gate hall house lake leigh lock
marsh mead mill ney row side well worthy bourne burgh cliffe holme lea port stock tree wold`
  .split(/\s+/)
  .filter((s) => s !== '');

function drawSurname(rng: Random): string {
  if (!rng.chance(TAIL_SHARE)) return SURNAMES[SURNAME_TABLE.pick(rng)]!;
  const first = rng.pick(TAIL_FIRST);
  const middle = rng.pick(TAIL_MIDDLE);
  const last = rng.pick(TAIL_LAST);
  return capitalise(first + middle + last);
}

// ---------------------------------------------------------------------------------------------
// Places: postcode districts with their post towns, and street names.

const DISTRICTS: readonly (readonly [string, string, number])[] = [
  // outward code, post town, relative number of households
  ['WR1', 'Worcester', 3],
  ['WR2', 'Worcester', 3],
  ['WR3', 'Worcester', 3],
  ['WR4', 'Worcester', 3],
  ['WR5', 'Worcester', 3],
  ['WR6', 'Worcester', 1],
  ['WR7', 'Worcester', 1],
  ['WR8', 'Worcester', 1],
  ['WR9', 'Droitwich', 2],
  ['WR10', 'Pershore', 2],
  ['WR11', 'Evesham', 2],
  ['WR12', 'Broadway', 1],
  ['WR13', 'Malvern', 1],
  ['WR14', 'Malvern', 2],
  ['WR15', 'Tenbury Wells', 1],
  ['HR1', 'Hereford', 2],
  ['HR2', 'Hereford', 2],
  ['HR3', 'Hereford', 1],
  ['HR4', 'Hereford', 2],
  ['HR5', 'Kington', 1],
  ['HR6', 'Leominster', 1],
  ['HR7', 'Bromyard', 1],
  ['HR8', 'Ledbury', 1],
  ['HR9', 'Ross-on-Wye', 1],
  ['GL1', 'Gloucester', 3],
  ['GL2', 'Gloucester', 3],
  ['GL3', 'Gloucester', 3],
  ['GL4', 'Gloucester', 3],
  ['GL5', 'Stroud', 2],
  ['GL6', 'Stroud', 1],
  ['GL7', 'Cirencester', 2],
  ['GL8', 'Tetbury', 1],
  ['GL9', 'Badminton', 1],
  ['GL10', 'Stonehouse', 1],
  ['GL11', 'Dursley', 1],
  ['GL12', 'Wotton-under-Edge', 1],
  ['GL13', 'Berkeley', 1],
  ['GL14', 'Cinderford', 1],
  ['GL15', 'Lydney', 1],
  ['GL16', 'Coleford', 1],
  ['GL17', 'Mitcheldean', 1],
  ['GL18', 'Newent', 1],
  ['GL19', 'Gloucester', 1],
  ['GL20', 'Tewkesbury', 2],
];
const DISTRICT_TABLE = new Weighted(DISTRICTS.map((d) => d[2]));
/** The letters an inward code may use. */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const UNITS_PER_DISTRICT = 10 * INWARD_LETTERS.length * INWARD_LETTERS.length;

const STREETS = `Mill Church Station High Park Victoria Queens Kings School Orchard Meadow Manor Green Chapel
Bridge Brook Castle Hill Spring Willow Oak Ash Beech Elm Birch Cherry Chestnut Hawthorn Holly Laurel
Maple Rowan Sycamore Hazel Cedar Linden Poplar Larch Alder Juniper Field Farm Mead Abbey Priory
Vicarage Rectory Grange Market Bath Windsor York Albert Alexandra Regent Nelson Wellington Trafalgar
Waterloo Clarence Cromwell Elgar Severn Avon Teme Wye Lugg Leadon Bredon Cotswold Kestrel Heron
Kingfisher Swallow Lark Wren Robin Falcon Merlin Curlew Plover Linnet Partridge Pheasant Badger
Foxglove Bluebell Primrose Cowslip Heather Bramble Clover Daisy Poppy Lavender Rosemary Thyme Sorrel
Teasel Yarrow Tansy Meadowsweet Lime Walnut Hornbeam Blackthorn Elder Damson Pear Plum Quince Medlar
Perry Cider Hop Kiln Forge Tannery Wharf Lock Weir Ford Quarry Pound Pinfold Tithe Barn Dairy
Granary Stable Paddock Common Heath Moor Marsh Hollow Dingle Coppice Spinney Copse Dell Glebe Croft
Acre Furlong Headland Ridgeway Saxon Roman Norman Tudor Stuart Georgian Jubilee Coronation Empire
Carnival Festival Harvest Midsummer Michaelmas Whitsun Lammas Beacon Summit Crest Vale Valley Combe
Bourne Springfield Westfield Northfield Southfield Eastfield Broadfield Longfield Whitefield
Greenfield Fairfield Brookfield Ashfield Oakfield Elmfield Larkfield Hillside Riverside Lakeside
Woodside Parkside Brookside Fernside Bankside Burford Kempsey Powick Ombersley Hallow Claines
Lickhill Hanley Upton Welland Colwall Cradley Wellington Bosbury Fownhope Madley Kingstone`
  .split(/\s+/)
  .filter((s) => s !== '');
const STREET_TYPES = [
  'Road',
  'Street',
  'Lane',
  'Close',
  'Avenue',
  'Drive',
  'Way',
  'Crescent',
  'Gardens',
  'Place',
  'Court',
  'Grove',
  'Walk',
  'Rise',
  'View',
  'Terrace',
];
const STREET_TYPE_WEIGHTS = new Weighted([20, 10, 12, 12, 8, 8, 7, 5, 4, 3, 3, 3, 2, 2, 2, 2]);
/** Agencies' abbreviations; '' when the type is not usually abbreviated. */
const STREET_TYPE_SHORT = [
  'Rd',
  'St',
  'Ln',
  'Cl',
  'Ave',
  'Dr',
  '',
  'Cres',
  'Gdns',
  'Pl',
  'Ct',
  'Gr',
  '',
  '',
  '',
  'Tce',
];

// ---------------------------------------------------------------------------------------------
// Dates of birth: children aged 0–17 on 2026-09-01.

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2008, 8, 2) / DAY_MS;
const LAST_DAY = Date.UTC(2026, 7, 31) / DAY_MS;
const DAYS = LAST_DAY - FIRST_DAY + 1;
const DATE_TEXT: string[] = new Array(DAYS);
const DATE_Y = new Uint16Array(DAYS);
const DATE_M = new Uint8Array(DAYS);
const DATE_D = new Uint8Array(DAYS);
for (let i = 0; i < DAYS; i++) {
  const date = new Date((FIRST_DAY + i) * DAY_MS);
  DATE_TEXT[i] = date.toISOString().slice(0, 10);
  DATE_Y[i] = date.getUTCFullYear();
  DATE_M[i] = date.getUTCMonth() + 1;
  DATE_D[i] = date.getUTCDate();
}

/** The index of a date in DATE_TEXT, or -1 when it is not a real date or is out of range. */
function dateIndex(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
  const ms = Date.UTC(y, m - 1, d);
  if (new Date(ms).getUTCDate() !== d) return -1;
  const i = ms / DAY_MS - FIRST_DAY;
  return i >= 0 && i < DAYS ? i : -1;
}

/** A date one day, month or year from `index`, still a real date in range. */
function dateOffByOne(rng: Random, index: number): number {
  const y = DATE_Y[index]!;
  const m = DATE_M[index]!;
  const d = DATE_D[index]!;
  const part = rng.int(0, 2);
  const step = rng.chance(0.5) ? 1 : -1;
  for (const s of [step, -step]) {
    const i =
      part === 0 ? dateIndex(y, m, d + s) : part === 1 ? dateIndex(y, m + s, d) : dateIndex(y + s, m, d);
    if (i >= 0) return i;
  }
  // A month or year away is not a real date or is out of range: a day away always is one of them.
  const later = dateIndex(y, m, d + 1);
  return later >= 0 ? later : dateIndex(y, m, d - 1);
}

// ---------------------------------------------------------------------------------------------
// NHS numbers: 9 followed by eight digits and the Modulus 11 check digit. Patients' numbers begin
// with 0–7 (England and Wales 4xx and 6xx–7xx, Scotland's CHI 0xx–3xx, Northern Ireland 3xx);
// numbers beginning with 999 are the NHS's own test numbers.

const NHS_SPACE = 100_000_000;
const NHS_STEP = 31_415_927; // coprime with NHS_SPACE: counter → number is one-to-one
const NHS_OFFSET = 27_182_818;

/** The Modulus 11 check digit of nine digits, or 10 when none is valid. */
function nhsCheck(nine: number): number {
  let sum = 0;
  let rest = nine;
  for (let weight = 2; weight <= 10; weight++) {
    sum += (rest % 10) * weight;
    rest = Math.floor(rest / 10);
  }
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check;
}

const NEIGHBOURS = `qwa wqeas eswrd rgtef tyrfg yuthg uyihj iuokj oiplk po azqsx sxaedwz dsfecx fdgrcv gfhtvb
hgjybn jhkunm kjlim lko zxas xzcsd cxvdf vcbfg bvngh nbmhj mnjk`
  .split(/\s+/)
  .filter((s) => s !== '');
/** Letters next to each letter on a keyboard: what a slip of the finger types instead. */
const KEYBOARD: Record<string, string> = {};
for (const keys of NEIGHBOURS) KEYBOARD[keys.charAt(0)] = keys.slice(1);
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function isLetter(c: string): boolean {
  return c >= 'a' ? c <= 'z' : c >= 'A' && c <= 'Z';
}

/** A letter a typist might hit instead of, or next to, `near`. */
function slip(rng: Random, near: string): string {
  const lower = near.toLowerCase();
  const keys = KEYBOARD[lower];
  const c =
    keys && rng.chance(0.7) ? keys.charAt(rng.int(0, keys.length - 1)) : LETTERS.charAt(rng.int(0, 25));
  return c === lower ? (c === 'e' ? 'a' : 'e') : c;
}

/** One typing error: a letter inserted, dropped, mistyped, or two transposed. The first letter stays. */
function typo(rng: Random, s: string): string {
  const n = s.length;
  if (n < 2) return s + slip(rng, s);
  let op = rng.int(0, 3);
  const i = rng.int(1, n - 1);
  const c = s.charAt(i);
  if (!isLetter(c) || (op === 1 && n <= 3) || (op === 3 && (i + 1 >= n || s.charAt(i + 1) === c))) op = 0;
  switch (op) {
    case 0: {
      const at = rng.int(1, n);
      return s.slice(0, at) + slip(rng, s.charAt(at - 1)) + s.slice(at);
    }
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2: {
      const x = slip(rng, c);
      return s.slice(0, i) + (c === c.toUpperCase() ? x.toUpperCase() : x) + s.slice(i + 1);
    }
    default:
      return s.slice(0, i) + s.charAt(i + 1) + c + s.slice(i + 2);
  }
}

// ---------------------------------------------------------------------------------------------
// Errors on duplicate records, applied in this order when several fall on one record.

const E_NICKNAME = 0;
const E_NEW_FAMILY_NAME = 1;
const E_GIVEN_TYPO = 2;
const E_FAMILY_TYPO = 3;
const E_NAMES_SWAPPED = 4;
const E_DAY_MONTH_SWAPPED = 5;
const E_DATE_OFF_BY_ONE = 6;
const E_MOVED = 7;
const E_POSTCODE_TYPO = 8;
const E_POSTCODE_MISSING = 9;
const E_ADDRESS_FORMAT = 10;
const E_NHS_MISSING = 11;
const E_NHS_TYPO = 12;
const ERROR_TABLE = new Weighted([9, 5, 10, 10, 4, 5, 8, 12, 5, 4, 10, 6, 1.5]);
/** How many errors a duplicate has: 0, 1, 2 or 3. */
const ERROR_COUNT_TABLE = new Weighted([22, 40, 27, 11]);
/** How many extra records a duplicated person has: 1, 2 or 3. */
const EXTRA_TABLE = new Weighted([62, 26, 12]);
/** Children per household: 1, 2, 3 or 4. */
const HOUSEHOLD_TABLE = new Weighted([35, 38, 18, 9]);

const MISSING_SEX = 0.02;
const MISSING_NHS = 0.13;
const TWINS = 0.03;

// ---------------------------------------------------------------------------------------------

/**
 * `records` synthetic records, shuffled: one for each of about (1 − duplicateRate) × records
 * children, and duplicates with errors for some of them, to make up the rest.
 */
export function generatePeople(options: GenerateOptions): SyntheticPerson[] {
  const { records, seed = 1, duplicateRate = 0.25 } = options;
  if (!Number.isSafeInteger(records) || records < 0) {
    throw new RangeError(`records must be a whole number ≥ 0, got ${records}`);
  }
  if (!(duplicateRate >= 0 && duplicateRate <= 0.75)) {
    throw new RangeError(`duplicateRate must be between 0 and 0.75, got ${duplicateRate}`);
  }
  const rng = new Random(seed);
  const duplicates = Math.floor(records * duplicateRate);
  const persons = records - duplicates;
  if (persons > 90_000_000) throw new RangeError('at most 90,000,000 distinct people (NHS numbers run out)');

  // Postcode units: each has one street in its district's post town.
  const unitUsed = new Uint8Array(DISTRICTS.length * UNITS_PER_DISTRICT);
  const unitPostcode: string[] = [];
  const unitDistrict: number[] = [];
  const unitStreet: number[] = [];
  const unitType: number[] = [];
  const newUnit = (): number => {
    let key = 0;
    for (let tries = 0; tries < 20; tries++) {
      key = DISTRICT_TABLE.pick(rng) * UNITS_PER_DISTRICT + rng.int(400, UNITS_PER_DISTRICT - 1);
      if (unitUsed[key] === 0) break;
    }
    unitUsed[key] = 1;
    const district = Math.floor(key / UNITS_PER_DISTRICT);
    const rest = key % UNITS_PER_DISTRICT;
    unitPostcode.push(postcodeOf(district, Math.floor(rest / 400), rest % 400));
    unitDistrict.push(district);
    unitStreet.push(rng.int(0, STREETS.length - 1));
    unitType.push(STREET_TYPE_WEIGHTS.pick(rng));
    return unitPostcode.length - 1;
  };

  // The people as they really are, one household at a time.
  const given = new Uint16Array(persons);
  const birth = new Uint16Array(persons);
  const home = new Int32Array(persons);
  const nhs = new Float64Array(persons);
  const homeSurname: string[] = [];
  const homeUnit: number[] = [];
  const homeNumber: number[] = [];
  const homeAddress: string[] = [];
  let nhsCounter = 0;
  let unit = -1;
  let unitLeft = 0;
  let nextNumber = 0;
  for (let p = 0; p < persons; ) {
    if (unitLeft === 0) {
      unit = newUnit();
      unitLeft = rng.int(8, 22);
      nextNumber = rng.int(1, 40);
    }
    unitLeft--;
    const h = homeSurname.length;
    const surname = drawSurname(rng);
    const number = nextNumber;
    nextNumber += rng.chance(0.8) ? 2 : rng.int(1, 6);
    homeSurname.push(surname);
    homeUnit.push(unit);
    homeNumber.push(number);
    homeAddress.push(addressOf(number, unitStreet[unit]!, unitType[unit]!, unitDistrict[unit]!, 0));
    const size = Math.min(1 + HOUSEHOLD_TABLE.pick(rng), persons - p);
    const first = p;
    for (let k = 0; k < size; k++, p++) {
      home[p] = h;
      let g = 0;
      for (let tries = 0; tries < 5; tries++) {
        g = rng.chance(0.51) ? BOYS_TABLE.pick(rng) : BOYS.length + GIRLS_TABLE.pick(rng);
        let taken = false;
        for (let s = first; s < p; s++) if (given[s] === g) taken = true;
        if (!taken) break;
      }
      given[p] = g;
      if (k > 0 && rng.chance(TWINS)) {
        birth[p] = birth[p - 1]!;
      } else {
        // Siblings are born at least ten months apart, unless that cannot be arranged.
        let day = 0;
        for (let tries = 0; tries < 6; tries++) {
          day = rng.int(0, DAYS - 1);
          let close = false;
          for (let s = first; s < p; s++) if (Math.abs(birth[s]! - day) < 300) close = true;
          if (!close) break;
        }
        birth[p] = day;
      }
      let check = 10;
      let nine = 0;
      while (check === 10) {
        if (nhsCounter >= NHS_SPACE) throw new RangeError('NHS numbers ran out');
        nine = 900_000_000 + ((nhsCounter * NHS_STEP + NHS_OFFSET) % NHS_SPACE);
        nhsCounter++;
        check = nhsCheck(nine);
      }
      nhs[p] = nine * 10 + check;
    }
  }

  // Which people have extra records, and how many.
  const extra = new Uint8Array(persons);
  for (let left = duplicates; left > 0; ) {
    let p = -1;
    for (let tries = 0; tries < 20 && p < 0; tries++) {
      const q = rng.int(0, persons - 1);
      if (extra[q] === 0) p = q;
    }
    if (p < 0) {
      // Nearly everyone has one already (a high duplicateRate): take the next with room for more.
      let q = rng.int(0, persons - 1);
      while (extra[q]! >= 3) q = (q + 1) % persons;
      p = q;
    }
    const k = Math.min(1 + EXTRA_TABLE.pick(rng), left, 3 - extra[p]!);
    extra[p] = extra[p]! + k;
    left -= k;
  }

  const idWidth = Math.max(7, String(persons).length);
  const out = new Array<SyntheticPerson>(records);
  let o = 0;
  for (let p = 0; p < persons; p++) {
    const id = `P${String(p + 1).padStart(idWidth, '0')}`;
    const g = given[p]!;
    const h = home[p]!;
    const nhsText = String(nhs[p]);
    out[o++] = {
      person_id: id,
      given_name: GIVEN[g]!,
      family_name: homeSurname[h]!,
      sex: rng.chance(MISSING_SEX) ? '' : GIVEN_SEX[g]!,
      date_of_birth: DATE_TEXT[birth[p]!]!,
      postcode: unitPostcode[homeUnit[h]!]!,
      address: homeAddress[h]!,
      nhs_number: rng.chance(MISSING_NHS) ? '' : nhsText,
    };
    for (let e = extra[p]!; e > 0; e--) {
      // The errors of this record, as a set of bits.
      let errors = 0;
      for (let n = ERROR_COUNT_TABLE.pick(rng); n > 0; ) {
        const bit = 1 << ERROR_TABLE.pick(rng);
        if ((errors & bit) === 0) {
          errors |= bit;
          n--;
        }
      }
      let givenName = GIVEN[g]!;
      let familyName = homeSurname[h]!;
      let day = birth[p]!;
      let u = homeUnit[h]!;
      let postcode = unitPostcode[u]!;
      let address = homeAddress[h]!;
      let street = unitStreet[u]!;
      let type = unitType[u]!;
      let district = unitDistrict[u]!;
      let number = homeNumber[h]!;
      let nhsNumber = rng.chance(MISSING_NHS) ? '' : nhsText;
      if (errors & (1 << E_NICKNAME)) {
        const variants = GIVEN_VARIANTS[g]!;
        if (variants.length > 0) givenName = rng.pick(variants);
        else errors |= 1 << E_GIVEN_TYPO;
      }
      if (errors & (1 << E_NEW_FAMILY_NAME)) {
        let other = drawSurname(rng);
        while (other === familyName) other = drawSurname(rng);
        familyName = rng.chance(0.35) ? `${familyName}-${other}` : other;
      }
      if (errors & (1 << E_GIVEN_TYPO)) givenName = typo(rng, givenName);
      if (errors & (1 << E_FAMILY_TYPO)) familyName = typo(rng, familyName);
      if (errors & (1 << E_NAMES_SWAPPED)) {
        const swap = givenName;
        givenName = familyName;
        familyName = swap;
      }
      if (errors & (1 << E_DAY_MONTH_SWAPPED)) {
        const d = DATE_D[day]!;
        const m = DATE_M[day]!;
        const swapped = d <= 12 && d !== m ? dateIndex(DATE_Y[day]!, d, m) : -1;
        day = swapped >= 0 ? swapped : dateOffByOne(rng, day);
      }
      if (errors & (1 << E_DATE_OFF_BY_ONE)) day = dateOffByOne(rng, day);
      if (errors & (1 << E_MOVED)) {
        if (rng.chance(0.5)) {
          // Nearby: another unit of the same postcode sector, a street with no other child on it.
          const code = postcode.slice(0, -2);
          let letters = postcode.slice(-2);
          while (postcode.endsWith(letters)) letters = unitLetters(rng.int(0, 399));
          postcode = code + letters;
          street = rng.int(0, STREETS.length - 1);
          type = STREET_TYPE_WEIGHTS.pick(rng);
        } else {
          do u = rng.int(0, unitPostcode.length - 1);
          while (u === homeUnit[h] && unitPostcode.length > 1);
          postcode = unitPostcode[u]!;
          street = unitStreet[u]!;
          type = unitType[u]!;
          district = unitDistrict[u]!;
        }
        number = rng.int(1, 120);
        address = addressOf(number, street, type, district, 0);
      }
      if (errors & (1 << E_POSTCODE_TYPO)) postcode = postcodeTypo(rng, postcode);
      if (errors & (1 << E_POSTCODE_MISSING)) postcode = '';
      if (errors & (1 << E_ADDRESS_FORMAT)) {
        const x = rng.next();
        const how =
          x < 0.5 && STREET_TYPE_SHORT[type] !== ''
            ? FORMAT_SHORT
            : x < 0.8
              ? FORMAT_NO_COMMA
              : FORMAT_NO_NUMBER;
        address = addressOf(number, street, type, district, how);
      }
      if (errors & (1 << E_NHS_MISSING)) nhsNumber = '';
      if (errors & (1 << E_NHS_TYPO) && nhsNumber !== '') nhsNumber = nhsTypo(rng, nhsNumber);
      out[o++] = {
        person_id: id,
        given_name: givenName,
        family_name: familyName,
        sex: rng.chance(MISSING_SEX) ? '' : GIVEN_SEX[g]!,
        date_of_birth: DATE_TEXT[day]!,
        postcode,
        address,
        nhs_number: nhsNumber,
      };
    }
  }

  // Fisher–Yates.
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

function unitLetters(i: number): string {
  return INWARD_LETTERS.charAt(Math.floor(i / 20)) + INWARD_LETTERS.charAt(i % 20);
}

function postcodeOf(district: number, sector: number, unit: number): string {
  return `${DISTRICTS[district]![0]} ${sector}${unitLetters(unit)}`;
}

const FORMAT_SHORT = 1;
const FORMAT_NO_COMMA = 2;
const FORMAT_NO_NUMBER = 3;

function addressOf(number: number, street: number, type: number, district: number, format: number): string {
  const road = `${STREETS[street]} ${format === FORMAT_SHORT ? STREET_TYPE_SHORT[type] : STREET_TYPES[type]}`;
  const town = DISTRICTS[district]![1];
  if (format === FORMAT_NO_NUMBER) return `${road}, ${town}`;
  return `${number} ${road}${format === FORMAT_NO_COMMA ? ' ' : ', '}${town}`;
}

/** A letter or the digit of the inward code mistyped, or its two letters transposed. */
function postcodeTypo(rng: Random, postcode: string): string {
  const n = postcode.length;
  const kind = rng.int(0, 3);
  if (kind === 0) {
    const digit = Number(postcode.charAt(n - 3));
    return `${postcode.slice(0, n - 3)}${(digit + rng.int(1, 9)) % 10}${postcode.slice(n - 2)}`;
  }
  if (kind === 1 && postcode.charAt(n - 1) !== postcode.charAt(n - 2)) {
    return postcode.slice(0, n - 2) + postcode.charAt(n - 1) + postcode.charAt(n - 2);
  }
  const at = n - rng.int(1, 2);
  const old = postcode.charAt(at);
  let letter = old;
  while (letter === old) letter = INWARD_LETTERS.charAt(rng.int(0, 19));
  return postcode.slice(0, at) + letter + postcode.slice(at + 1);
}

/** A digit mistyped, or two adjacent digits of the first nine transposed: never a valid number. */
function nhsTypo(rng: Random, nhsNumber: string): string {
  const i = rng.int(0, 7);
  const a = nhsNumber.charAt(i);
  const b = nhsNumber.charAt(i + 1);
  if (a !== b && rng.chance(0.6)) return nhsNumber.slice(0, i) + b + a + nhsNumber.slice(i + 2);
  const at = rng.int(0, 9);
  const digit = Number(nhsNumber.charAt(at));
  return nhsNumber.slice(0, at) + String((digit + rng.int(1, 9)) % 10) + nhsNumber.slice(at + 1);
}

// ---------------------------------------------------------------------------------------------

/** A field as RFC 4180 has it: in double quotes, its own doubled, when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

/** CSV with a header line, fields quoted as RFC 4180 requires (only those that need it), '\n' line ends. */
export function peopleToCsv(people: SyntheticPerson[]): string {
  // Lines are joined a block at a time: a joined block is one flat string, where a million lines
  // built by concatenation would stay in memory as millions of small pieces until the end.
  const blocks: string[] = [FIELDS.join(',')];
  const lines: string[] = [];
  for (let i = 0; i < people.length; i++) {
    const p = people[i]!;
    lines.push(
      `${csvField(p.person_id)},${csvField(p.given_name)},${csvField(p.family_name)},${csvField(p.sex)},` +
        `${csvField(p.date_of_birth)},${csvField(p.postcode)},${csvField(p.address)},${csvField(p.nhs_number)}`,
    );
    if (lines.length === 8192 || i === people.length - 1) {
      blocks.push(lines.join('\n'));
      lines.length = 0;
    }
  }
  blocks.push('');
  return blocks.join('\n');
}

/** A synthetic person as the linkage engine's record (the truth, person_id, left out). */
export function personRecordOf(p: SyntheticPerson) {
  return {
    givenName: p.given_name,
    familyName: p.family_name,
    sex: p.sex,
    dateOfBirth: p.date_of_birth,
    postcode: p.postcode,
    address: p.address,
    nhsNumber: p.nhs_number,
  };
}
