/**
 * Word lists for the demo county. The given names and surnames are common in Britain today; the
 * people they are combined into are synthetic. Street and village names are made up.
 *
 * The synthetic children of the linkage benchmark (people.ts) keep lists of their own: ranked by
 * frequency, in plain ASCII and matched to the engine's nickname groups, where these carry
 * accents ('Zoë', 'Wójcik') and unisex names for the demo's pages to show.
 */

// biome-ignore format: a word list reads best packed
export const FEMALE_GIVEN_NAMES: readonly string[] = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia',
  'Grace', 'Freya', 'Willow', 'Florence', 'Emily', 'Ella', 'Poppy', 'Evie', 'Elsie', 'Charlotte',
  'Evelyn', 'Sienna', 'Daisy', 'Phoebe', 'Sofia', 'Alice', 'Harper', 'Matilda', 'Ruby', 'Emilia',
  'Maya', 'Millie', 'Hallie', 'Eva', 'Aria', 'Harriet', 'Layla', 'Maisie', 'Zara', 'Ayesha',
  'Amira', 'Aisha', 'Fatima', 'Maryam', 'Hafsa', 'Khadija', 'Priya', 'Anaya', 'Simran', 'Jasleen',
  'Harleen', 'Zofia', 'Julia', 'Lena', 'Maja', 'Oliwia', 'Amara', 'Chidinma', 'Ifeoma', 'Adaeze',
  'Zainab', 'Mei', 'Siobhan', 'Niamh', 'Aoife', 'Ciara', 'Caitlin', 'Eilidh', 'Catriona', 'Seren',
  'Cerys', 'Ffion', 'Megan', 'Bethan', 'Carys', 'Imani', 'Keisha', 'Shanice', 'Tia', 'Jade',
  'Chloe', 'Jessica', 'Hannah', 'Lucy', 'Katie', 'Leah', 'Holly', 'Abigail', 'Erin', 'Scarlett',
  'Nadia', 'Yasmin', 'Leila', 'Sana', 'Anjali', 'Kavya', 'Ioana', 'Bianca', 'Elena', 'Noor',
  'Esme', 'Beatrice', 'Iris', 'Clara', 'Martha', 'Nancy', 'Edith', 'Mabel', 'Violet', 'Hazel',
  'Aurora', 'Ada', 'Orla', 'Thea', 'Robyn', 'Tamsin', 'Rhiannon', 'Gemma', 'Naomi', 'Ruth',
  'Precious', 'Blessing', 'Temi', 'Ewa', 'Aleksandra', 'Rukhsana', 'Tasnim', 'Zoë', 'Chloé', 'Renée',
];

// biome-ignore format: a word list reads best packed
export const MALE_GIVEN_NAMES: readonly string[] = [
  'Oliver', 'George', 'Noah', 'Arthur', 'Leo', 'Muhammad', 'Harry', 'Oscar', 'Archie', 'Henry',
  'Theodore', 'Jack', 'Freddie', 'Theo', 'Alfie', 'Jacob', 'Thomas', 'Finley', 'Arlo', 'William',
  'Lucas', 'Roman', 'Tommy', 'Isaac', 'Teddy', 'Edward', 'James', 'Joshua', 'Albie', 'Reggie',
  'Max', 'Jude', 'Elijah', 'Ezra', 'Louie', 'Rory', 'Hugo', 'Ronnie', 'Ethan', 'Mason',
  'Samuel', 'Joseph', 'Daniel', 'Benjamin', 'Dylan', 'Harrison', 'Logan', 'Jenson', 'Kai', 'Tyler',
  'Callum', 'Lewis', 'Kieran', 'Connor', 'Liam', 'Cian', 'Oisín', 'Eoin', 'Fraser', 'Angus',
  'Hamish', 'Euan', 'Rhys', 'Dafydd', 'Owain', 'Gethin', 'Aled', 'Ibrahim', 'Yusuf', 'Zayn',
  'Ayaan', 'Hamza', 'Bilal', 'Omar', 'Ali', 'Hassan', 'Idris', 'Amir', 'Arjun', 'Rohan',
  'Aarav', 'Dev', 'Vikram', 'Harjit', 'Gurpreet', 'Manveer', 'Jakub', 'Szymon', 'Filip', 'Kacper',
  'Mateusz', 'Andrei', 'Luca', 'Matei', 'Chinedu', 'Emeka', 'Tobi', 'Kwame', 'Kofi', 'Obinna',
  'Tunde', 'Jamal', 'Marcus', 'Darnell', 'Tyrone', 'Jermaine', 'Andre', 'Wei', 'Jun', 'Hao',
  'Ravi', 'Sanjay', 'Tariq', 'Imran', 'Faisal', 'Stanley', 'Albert', 'Frank', 'Ralph', 'Sonny',
  'Bobby', 'Nathan', 'Ryan', 'Adam', 'Aaron', 'Luke', 'Matthew', 'Zachary', 'Elliot', 'Caleb',
  'Felix', 'Jasper', 'Otis', 'Mohammed', 'Kian', 'Kayden', 'Seán', 'Rónán', 'Mikołaj', 'José',
];

/** For children whose sex is recorded as unknown. */
// biome-ignore format: a word list reads best packed
export const UNISEX_GIVEN_NAMES: readonly string[] = [
  'Alex', 'Charlie', 'Riley', 'Jordan', 'Sam', 'Morgan', 'Taylor', 'Jamie', 'Robin', 'Frankie',
  'Ashley', 'Eden', 'Rowan', 'Sasha', 'Remi', 'Quinn', 'Harley', 'Skye', 'Jesse', 'Billie',
];

// biome-ignore format: a word list reads best packed
export const FAMILY_NAMES: readonly string[] = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall',
  'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper', 'Hill',
  'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen',
  'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
  'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy',
  'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh',
  'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali',
  'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes', 'Knight',
  'Lloyd', 'Butler', 'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey',
  'Graham', 'Pearson', 'Ahmed', 'Fletcher', 'Walsh', 'Kaur', 'Gibson', 'Howard', 'Andrews', 'Stewart',
  'Elliott', 'Reynolds', 'Saunders', 'Payne', 'Fox', 'Ford', 'Pearce', 'Day', 'Brooks', 'West',
  'Lawrence', 'Cole', 'Atkinson', 'Bradley', 'Spencer', 'Gill', 'Dawson', 'Ball', 'Burton', "O'Brien",
  'Watts', 'Rose', 'Booth', 'Perry', 'Ryan', 'Grant', 'Wells', 'Armstrong', 'Francis', 'Rees',
  'Hayes', 'Hart', 'Hudson', 'Newman', 'Barrett', 'Webster', 'Hunter', 'Gregory', 'Carr', 'Lowe',
  'Page', 'Marsh', 'Riley', 'Dunn', 'Woods', 'Parsons', 'Berry', 'Stone', 'Reid', 'Holland',
  'Hawkins', 'Harding', 'Porter', 'Robertson', 'Newton', 'Oliver', 'Reed', 'Kennedy', 'Bird', 'Gardner',
  'Shah', 'Dean', 'Lane', 'Cooke', 'Bates', 'Henderson', 'Parry', 'Burgess', 'Bishop', 'Walton',
  'Burns', 'Nicholson', 'Shepherd', 'Ross', 'Cross', 'Long', 'Freeman', 'Warren', 'Nicholls', 'Hamilton',
  'Byrne', 'Sutton', 'McDonald', 'Yates', 'Hodgson', 'Robson', 'Curtis', 'Hopkins', "O'Connor", 'Harper',
  'Coleman', 'Watkins', 'Moss', 'McCarthy', 'Chambers', "O'Neill", 'Griffin', 'Sharp', 'Hardy', 'Wheeler',
  'Potter', 'Osborne', 'Johnston', 'Gordon', 'Doyle', 'Wallace', 'Rahman', 'Chowdhury', 'Islam', 'Miah',
  'Uddin', 'Sharma', 'Kumar', 'Sandhu', 'Bains', 'Dhillon', 'Mistry', 'Joshi', 'Nowak', 'Kowalczyk',
  'Wójcik', 'Zieliński', 'Popescu', 'Ionescu', 'Okafor', 'Adeyemi', 'Okonkwo', 'Mensah', 'Asante', 'Osei',
  'Nwosu', 'Chen', 'Wang', 'Li', 'Zhang', 'Nguyen', 'Tran', 'da Silva', 'Pereira', 'Santos',
  'Costa', 'Yılmaz', 'Demir', 'Mahmood', 'Iqbal', 'Akhtar', 'Bibi', 'Malik', 'Qureshi', 'Mirza',
  'MacLeod', 'McKenzie', 'Fraser', 'Pritchard', 'Vaughan', 'Bowen', 'Llewellyn', 'Smith-Jones', 'Lloyd-Davies', 'Ward-Baptiste',
];

/** The first half of a made-up street name. */
// biome-ignore format: a word list reads best packed
export const STREET_STEMS: readonly string[] = [
  'Larkspur', 'Ashgrove', 'Kestrel', 'Millbrook', 'Orchard', 'Damson', 'Perry', 'Hopfield', 'Salter',
  'Pitchford', 'Quarry', 'Teasel', 'Wheatsheaf', 'Cowslip', 'Hawthorn', 'Blackthorn', 'Foxglove',
  'Bramble', 'Pear Tree', 'Plumtree', 'Chantry', 'Tanners', 'Glovers', 'Needlers', 'Kingfisher',
  'Heron', 'Sandpiper', 'Wagtail', 'Linnet', 'Sedgefield', 'Willowherb', 'Oxlip', 'Meadowsweet',
  'Clover', 'Brookside', 'Fernhill', 'Oakapple', 'Cherry Orchard', 'Barley', 'Malthouse', 'Coopers',
  'Wharf', 'Towpath', 'Bargeman', 'Weavers', 'Saltway', 'Brinepit', 'Hopkiln', 'Ciderpress', 'Elmtree',
  'Rowan', 'Hazelnut', 'Greenfinch', 'Skylark', 'Harebell', 'Primrose', 'Sorrel', 'Burdock', 'Yarrow',
  'Cuckoo Pint', 'Lapwing', 'Fieldfare', 'Goldcrest', 'Nightjar', 'Teme View', 'Severn View', 'Abbots',
  'Priory', 'Tithe Barn', 'Dovecote', 'Granary', 'Furlong', 'Headland', 'Ridgeway',
];

// biome-ignore format: a word list reads best packed
export const STREET_SUFFIXES: readonly string[] = [
  'Road', 'Lane', 'Close', 'Way', 'Drive', 'Avenue', 'Crescent', 'Gardens', 'Street', 'Grove',
  'Rise', 'Walk', 'Mews', 'Court', 'Place', 'Meadow', 'View',
];

/** Saints for church school names. */
// biome-ignore format: a word list reads best packed
export const SAINTS: readonly string[] = [
  'Mary', 'John', 'Peter', 'Paul', 'Andrew', 'George', 'Michael', 'Joseph', 'Anne', 'Bartholomew',
  'Catherine', 'Matthew', 'Barnabas', 'Nicholas', 'Egwin', 'Wulstan', 'Oswald', 'Chad', 'Kenelm',
  'Lawrence', 'Bede', 'Clement', 'Mark', 'Luke', 'James', 'Thomas', 'Stephen', 'Margaret', 'Hilda',
  'Edmund', 'Aidan', 'Cuthbert', 'Dunstan', 'Giles', 'Helen', 'Leonard', 'Martin', 'Swithun',
];

// biome-ignore format: a word list reads best packed
export const TREES: readonly string[] = [
  'Oak', 'Ash', 'Willow', 'Beech', 'Rowan', 'Hazel', 'Alder', 'Birch', 'Cedar', 'Elm', 'Holly',
  'Linden', 'Maple', 'Yew', 'Chestnut', 'Walnut', 'Poplar', 'Juniper', 'Hornbeam', 'Sycamore',
];

// biome-ignore format: a word list reads best packed
export const EARLY_YEARS_ADJECTIVES: readonly string[] = [
  'Little', 'Tiny', 'Happy', 'Bright', 'Sunny', 'Busy', 'Early', 'First', 'Rainbow', 'Wise',
  'Curious', 'Cosy', 'Golden', 'Merry', 'Jolly',
];

// biome-ignore format: a word list reads best packed
export const EARLY_YEARS_NOUNS: readonly string[] = [
  'Acorns', 'Explorers', 'Owls', 'Sprouts', 'Footprints', 'Stars', 'Learners', 'Wrens', 'Hedgehogs',
  'Seedlings', 'Buttercups', 'Ladybirds', 'Squirrels', 'Otters', 'Robins', 'Bumblebees', 'Conkers',
  'Caterpillars', 'Puddles', 'Daisies', 'Minnows', 'Badgers', 'Pebbles', 'Tadpoles',
];
