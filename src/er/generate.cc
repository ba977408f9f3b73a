#include "er/generate.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/thread_pool.h"

namespace kindred::er {

namespace {

// ---- Vocabularies (lower-case, Australian flavour like Febrl) ----

constexpr const char* kMaleNames[] = {
    "james",     "william", "jack",     "thomas",    "joshua",      "daniel",   "matthew",
    "michael",   "lachlan", "benjamin", "samuel",    "ryan",        "liam",     "nicholas",
    "jacob",     "david",   "john",     "robert",    "christopher", "andrew",   "luke",
    "alexander", "joseph",  "mitchell", "nathan",    "harrison",    "oliver",   "jordan",
    "dylan",     "cooper",  "ethan",    "jayden",    "lucas",       "noah",     "riley",
    "mason",     "charles", "richard",  "anthony",   "mark",        "paul",     "peter",
    "stephen",   "steven",  "timothy",  "kenneth",   "kevin",       "brian",    "george",
    "ronald",    "edward",  "jason",    "jeffrey",   "gary",        "jonathan", "scott",
    "brandon",   "gregory", "frank",    "patrick",   "raymond",     "dennis",   "tyler",
    "aaron",     "adam",    "henry",    "douglas",   "zachary",     "kyle",     "walter",
    "jeremy",    "keith",   "roger",    "gerald",    "harold",      "sean",     "austin",
    "carl",      "arthur",  "lawrence", "bryan",     "bruce",       "gabriel",  "logan",
    "albert",    "alan",    "wayne",    "elijah",    "vincent",     "ralph",    "eugene",
    "russell",   "philip",  "louis",    "harley",    "hamish",      "angus",    "callum",
    "declan",    "fraser",  "hudson",   "jett",      "kai",         "lincoln",  "max",
    "oscar",     "reuben",  "seth",     "toby",      "xavier",      "zane",     "brodie",
    "campbell",  "darcy",   "flynn",    "heath",     "koby",        "tate",     "baxter",
    "deakin",    "isaac",   "blake",    "cameron",   "connor",      "jake",     "jackson",
    "jesse",     "joel",    "kieran",   "marcus",    "nathaniel",   "owen",     "rhys",
    "shane",     "simon",   "travis",   "troy",      "wade",        "warren",   "bradley",
    "brett",     "craig",   "darren",   "dean",      "glenn",       "graham",   "ian",
    "jarrod",    "leigh",   "malcolm",  "murray",    "neil",        "rodney",   "ross",
    "stuart",    "trent",   "vaughan",  "frederick", "leonard",     "norman",   "clifford",
    "stanley",   "ernest",  "herbert",  "reginald",  "cecil",       "percy",    "mohammed",
    "ahmed",     "ali",     "hassan",   "minh",      "tuan",        "wei",      "jun",
    "hiroshi",   "rajesh",  "sanjay",   "giovanni",  "marco",       "nikolaos", "dimitri",
    "stefan",    "ivan"};

constexpr const char* kFemaleNames[] = {
    "emily",     "chloe",     "jessica",   "sarah",      "olivia",   "emma",      "sophie",
    "hannah",    "georgia",   "isabella",  "ella",       "mia",      "charlotte", "grace",
    "lily",      "zoe",       "ruby",      "amelia",     "madison",  "lauren",    "isabelle",
    "madeline",  "kayla",     "aleisha",   "jasmine",    "tahlia",   "sienna",    "imogen",
    "holly",     "phoebe",    "maddison",  "caitlin",    "bianca",   "brooke",    "courtney",
    "eliza",     "ebony",     "jade",      "kirra",      "leah",     "mikaela",   "paige",
    "tegan",     "abbey",     "annabelle", "chelsea",    "claire",   "elise",     "erin",
    "gemma",     "hayley",    "indiana",   "lara",       "lucy",     "mackenzie", "monique",
    "naomi",     "stella",    "tayla",     "willow",     "yasmin",   "mary",      "patricia",
    "jennifer",  "linda",     "elizabeth", "barbara",    "susan",    "karen",     "nancy",
    "lisa",      "margaret",  "betty",     "sandra",     "dorothy",  "kimberly",  "donna",
    "michelle",  "carol",     "amanda",    "melissa",    "deborah",  "stephanie", "rebecca",
    "laura",     "sharon",    "cynthia",   "kathleen",   "amy",      "shirley",   "angela",
    "helen",     "anna",      "brenda",    "pamela",     "nicole",   "samantha",  "katherine",
    "ruth",      "christine", "catherine", "debra",      "rachel",   "carolyn",   "janet",
    "virginia",  "maria",     "heather",   "diane",      "julie",    "joyce",     "victoria",
    "kelly",     "christina", "joan",      "evelyn",     "judith",   "megan",     "cheryl",
    "martha",    "andrea",    "frances",   "jacqueline", "ann",      "gloria",    "jean",
    "kathryn",   "alice",     "teresa",    "sara",       "janice",   "doris",     "julia",
    "judy",      "abigail",   "marie",     "denise",     "beverley", "amber",     "theresa",
    "marilyn",   "danielle",  "diana",     "brittany",   "natalie",  "sophia",    "rose",
    "alexandra", "eleanor",   "gabrielle", "caroline",   "jacinta",  "kylie",     "narelle",
    "tracey",    "leanne",    "belinda",   "joanne",     "wendy",    "robyn",     "lorraine",
    "noeline",   "gwendolyn", "mavis",     "edna",       "muriel",   "thi",       "lan",
    "mei",       "yuki",      "priya",     "anjali",     "fatima",   "aisha",     "giulia",
    "francesca", "eleni",     "katerina",  "ana",        "olga"};

// Gender-neutral names.
constexpr const char* kNeutralNames[] = {
    "alex",    "sam",     "jordan", "taylor", "casey", "jamie",  "morgan", "riley",
    "charlie", "drew",    "kerry",  "robin",  "lee",   "kim",    "dale",   "shannon",
    "jody",    "frankie", "bailey", "hayden", "quinn", "rowan",  "skye",   "jesse",
    "ashley",  "jaime",   "kai",    "harper", "reese", "sasha",  "toni",   "nicky",
    "leslie",  "terry",   "jan",    "chris",  "pat",   "billie", "jackie", "bobbie"};

// Formal name -> nicknames ('|'-separated).
constexpr const char* kNicknames[][2] = {{"william", "bill|will|liam|billy"},
                                         {"robert", "bob|rob|bobby|robbie"},
                                         {"elizabeth", "liz|beth|lizzie|betty|eliza"},
                                         {"katherine", "kate|kathy|katie|kath"},
                                         {"catherine", "cath|cathy|kate|cate"},
                                         {"kathleen", "kathy|kath|kate"},
                                         {"james", "jim|jimmy|jamie"},
                                         {"john", "jack|johnny"},
                                         {"richard", "rick|rich|dick|richie"},
                                         {"michael", "mike|mick|mikey"},
                                         {"thomas", "tom|tommy"},
                                         {"charles", "charlie|chuck|chas"},
                                         {"christopher", "chris|kit"},
                                         {"daniel", "dan|danny"},
                                         {"matthew", "matt|matty"},
                                         {"anthony", "tony|ant"},
                                         {"steven", "steve|stevie"},
                                         {"stephen", "steve|stevie"},
                                         {"andrew", "andy|drew"},
                                         {"joshua", "josh"},
                                         {"kenneth", "ken|kenny"},
                                         {"timothy", "tim|timmy"},
                                         {"ronald", "ron|ronnie"},
                                         {"edward", "ed|ted|eddie|ned"},
                                         {"jeffrey", "jeff"},
                                         {"jacob", "jake"},
                                         {"nicholas", "nick|nicky|nico"},
                                         {"jonathan", "jon|jonny"},
                                         {"benjamin", "ben|benny|benji"},
                                         {"samuel", "sam|sammy"},
                                         {"gregory", "greg"},
                                         {"alexander", "alex|xander|sandy"},
                                         {"patrick", "pat|paddy"},
                                         {"raymond", "ray"},
                                         {"joseph", "joe|joey"},
                                         {"zachary", "zach|zac"},
                                         {"peter", "pete"},
                                         {"lawrence", "larry|laurie"},
                                         {"philip", "phil|pip"},
                                         {"douglas", "doug"},
                                         {"frederick", "fred|freddie"},
                                         {"henry", "harry|hank"},
                                         {"albert", "al|bert|bertie"},
                                         {"harold", "harry|hal"},
                                         {"gerald", "gerry|jerry"},
                                         {"vincent", "vince|vinnie"},
                                         {"russell", "russ"},
                                         {"eugene", "gene"},
                                         {"walter", "walt|wally"},
                                         {"lachlan", "lachie|lochie"},
                                         {"mitchell", "mitch"},
                                         {"harrison", "harry"},
                                         {"cameron", "cam"},
                                         {"nathan", "nate|nat"},
                                         {"nathaniel", "nate|nat"},
                                         {"arthur", "art|artie"},
                                         {"leonard", "len|lenny|leo"},
                                         {"stanley", "stan"},
                                         {"norman", "norm"},
                                         {"bradley", "brad"},
                                         {"stuart", "stu"},
                                         {"margaret", "maggie|peggy|meg|marg"},
                                         {"jennifer", "jen|jenny"},
                                         {"patricia", "pat|patty|trish"},
                                         {"susan", "sue|suzy|susie"},
                                         {"rebecca", "becky|bec|becca"},
                                         {"deborah", "deb|debbie"},
                                         {"debra", "deb|debbie"},
                                         {"stephanie", "steph"},
                                         {"samantha", "sam|sammy"},
                                         {"christine", "chris|chrissy|tina"},
                                         {"christina", "chris|tina"},
                                         {"pamela", "pam"},
                                         {"victoria", "vicky|tori"},
                                         {"jacqueline", "jackie|jacqui"},
                                         {"kimberly", "kim"},
                                         {"amanda", "mandy"},
                                         {"abigail", "abby|abbey"},
                                         {"theresa", "tess|terri"},
                                         {"teresa", "tess|terri"},
                                         {"alexandra", "alex|lexi|sandra"},
                                         {"madeline", "maddy|madi"},
                                         {"madison", "maddy"},
                                         {"isabella", "bella|izzy"},
                                         {"isabelle", "izzy|belle"},
                                         {"charlotte", "lottie|charlie"},
                                         {"eleanor", "ellie|nora"},
                                         {"dorothy", "dot|dottie"},
                                         {"judith", "judy|jude"},
                                         {"cynthia", "cindy"},
                                         {"virginia", "ginny"},
                                         {"barbara", "barb|babs"},
                                         {"frances", "fran|frankie"},
                                         {"danielle", "dani"},
                                         {"natalie", "nat"},
                                         {"sophia", "sophie"},
                                         {"olivia", "liv|livvy"},
                                         {"gabrielle", "gabby|elle"},
                                         {"jessica", "jess|jessie"},
                                         {"nicole", "nikki"},
                                         {"michelle", "shell|chelle"},
                                         {"caroline", "carol|caz"},
                                         {"jacinta", "cinta"},
                                         {"annabelle", "annie|belle"},
                                         {"georgia", "george|gee"},
                                         {"beverley", "bev"},
                                         {"gwendolyn", "gwen"},
                                         {"lorraine", "lori"}};

constexpr const char* kRealSurnames[] = {
    "smith",      "jones",      "williams",   "brown",        "wilson",      "taylor",
    "johnson",    "white",      "martin",     "anderson",     "thompson",    "nguyen",
    "thomas",     "walker",     "harris",     "lee",          "ryan",        "robinson",
    "kelly",      "king",       "davis",      "wright",       "evans",       "roberts",
    "green",      "hall",       "wood",       "jackson",      "clarke",      "patel",
    "khan",       "lewis",      "james",      "phillips",     "mitchell",    "turner",
    "moore",      "allen",      "scott",      "young",        "hill",        "baker",
    "campbell",   "stewart",    "morris",     "murphy",       "cook",        "rogers",
    "morgan",     "cooper",     "peterson",   "bailey",       "reed",        "kennedy",
    "edwards",    "collins",    "watson",     "hughes",       "price",       "bennett",
    "wood",       "barnes",     "ross",       "henderson",    "coleman",     "jenkins",
    "perry",      "powell",     "long",       "patterson",    "fisher",      "ellis",
    "harrison",   "gibson",     "mcdonald",   "cruz",         "marshall",    "owens",
    "graham",     "wallace",    "west",       "cole",         "hayes",       "chapman",
    "ford",       "hamilton",   "sullivan",   "wells",        "webb",        "simpson",
    "stevens",    "tucker",     "porter",     "hunter",       "hicks",       "crawford",
    "henry",      "boyd",       "mason",      "warren",       "dixon",       "burns",
    "gordon",     "shaw",       "holmes",     "rice",         "robertson",   "black",
    "daniels",    "palmer",     "mills",      "nichols",      "grant",       "knight",
    "ferguson",   "rose",       "stone",      "hawkins",      "dunn",        "perkins",
    "hudson",     "spencer",    "gardner",    "stephens",     "payne",       "pierce",
    "berry",      "matthews",   "arnold",     "wagner",       "willis",      "ray",
    "watkins",    "olson",      "carroll",    "duncan",       "snyder",      "hart",
    "cunningham", "bradley",    "lane",       "andrews",      "harper",      "fox",
    "riley",      "armstrong",  "carpenter",  "weaver",       "greene",      "lawrence",
    "elliott",    "chavez",     "sims",       "austin",       "peters",      "kelley",
    "franklin",   "lawson",     "fields",     "ryan",         "schmidt",     "carr",
    "castillo",   "wheeler",    "chen",       "wang",         "li",          "zhang",
    "liu",        "tran",       "le",         "pham",         "huynh",       "vo",
    "singh",      "kumar",      "sharma",     "papadopoulos", "nikolaidis",  "rossi",
    "russo",      "ferrari",    "esposito",   "bianchi",      "romano",      "colombo",
    "ricci",      "muller",     "schneider",  "fischer",      "weber",       "meyer",
    "becker",     "kowalski",   "nowak",      "novak",        "horvat",      "petrovic",
    "ivanov",     "waller",     "sondergeld", "harrington",   "bruhn",       "lanyon",
    "efthimiou",  "hobson",     "mccarthy",   "mccarty",      "pridham",     "hoseason",
    "maltby",     "gundulu",    "sturdee",    "giblin",       "tullaroop",   "goldfinch",
    "beaumont",   "blackwell",  "cartwright", "dawson",       "fairweather", "fitzgerald",
    "gallagher",  "hargreaves", "kingsley",   "lockwood",     "macpherson",  "mackenzie",
    "mclean",     "mcintosh",   "montgomery", "oconnor",      "obrien",      "odonnell",
    "quinlan",    "radcliffe",  "sutherland", "thornton",     "underwood",   "vickers",
    "whitfield",  "yardley",    "zappia",     "abbott",       "ainsworth",   "bishop",
    "blackburn",  "bowden",     "buchanan",   "burgess",      "chandler",    "crossley",
    "dalton",     "denholm",    "drummond",   "eastwood",     "finch",       "fletcher",
    "forsyth",    "gillespie",  "goodwin",    "hammond",      "hayward",     "hogan",
    "irwin",      "jarvis",     "kerr",       "lambert",      "lindsay",     "lowe",
    "lynch",      "maddox",     "mahoney",    "morrison",     "nash",        "newman",
    "norris",     "osborne",    "parsons",    "pearce",       "quigley",     "rankin",
    "reid",       "sinclair",   "slater",     "steele",       "talbot",      "tennant",
    "vaughan",    "walsh",      "whelan",     "wilkinson",    "woodward",    "worthington"};

// Surnames are also composed from syllables, so that large files have a long tail.
constexpr const char* kSurnameHeads[] = {
    "ash",   "bar",   "bel", "black", "brad", "bram", "cal",  "car", "char", "cole", "cran",
    "dal",   "dun",   "el",  "fair",  "fen",  "gar",  "glen", "hal", "har",  "hart", "kel",
    "ken",   "lang",  "mar", "mel",   "mont", "nor",  "pen",  "ram", "red",  "ros",  "stan",
    "stock", "thorn", "wal", "war",   "wel",  "whit", "win",  "al",  "ber",  "crom", "dray"};
constexpr const char* kSurnameTails[] = {
    "ton",   "ford", "ley",   "well",  "wood", "field", "by",  "more", "worth", "land", "son",
    "ridge", "burn", "hurst", "combe", "dale", "stead", "ham", "wick", "croft", "mer"};

constexpr const char* kStreetNames[] = {
    "giblin",    "tullaroop", "goldfinch", "maltby",    "forbes",     "milne",       "sturdee",
    "oliver",    "wallaby",   "hoseason",  "gundulu",   "pridham",    "kookaburra",  "banksia",
    "wattle",    "acacia",    "waratah",   "jacaranda", "eucalyptus", "bottlebrush", "grevillea",
    "boronia",   "melaleuca", "station",   "church",    "high",       "main",        "park",
    "victoria",  "george",    "king",      "queen",     "william",    "elizabeth",   "albert",
    "edward",    "bridge",    "mill",      "railway",   "hill",       "ridge",       "river",
    "lake",      "beach",     "ocean",     "harbour",   "bay",        "valley",      "forest",
    "garden",    "sunset",    "sunrise",   "kent",      "york",       "cambridge",   "oxford",
    "stirling",  "macquarie", "hume",      "flinders",  "bourke",     "collins",     "lonsdale",
    "swanston",  "bathurst",  "sydney",    "melbourne", "darling",    "murray",      "lachlan",
    "fitzroy",   "hotham",    "sturt",     "eyre",      "leichhardt", "burke",       "wills",
    "kingsford", "smith",     "lawson",    "paterson",  "kendall",    "gilmore",     "menzies",
    "curtin",    "chifley",   "barton",    "deakin",    "hughes",     "lyons",       "bruce",
    "fisher",    "parkes",    "wentworth", "blaxland",  "hovell",     "cunningham",  "mitchell",
    "oxley",     "bligh",     "phillip",   "hunter",    "king",       "brisbane",    "darwin",
    "hobart",    "perth",     "canberra",  "carnegie",  "rosella",    "lorikeet",    "galah",
    "magpie",    "currawong", "emu",       "koala",     "possum",     "wombat",      "echidna",
    "dingo",     "bilby",     "numbat",    "quokka",    "platypus",   "jabiru",      "brolga",
    "heron",     "egret",     "pelican",   "albatross", "osprey"};

struct StreetType {
  const char* full;
  int weight;
};
constexpr StreetType kStreetTypes[] = {
    {"street", 40}, {"road", 14},   {"avenue", 8},  {"crescent", 7}, {"place", 8},
    {"drive", 6},   {"court", 5},   {"circuit", 4}, {"close", 4},    {"parade", 2},
    {"terrace", 2}, {"highway", 1}, {"lane", 3},    {"grove", 2},    {"boulevard", 1},
    {"way", 3},     {"cove", 1}};

constexpr const char* kAddress2Words[] = {
    "willaroo",  "killarney",   "kooltuo",     "coaling",       "wintersloe",   "wellwod",
    "tremearne", "inglewood",   "delmar",      "milton",        "currin ga",    "rosedale",
    "glenview",  "brentwood",   "fairhaven",   "kingsmere",     "lakeside",     "hillcrest",
    "riverside", "seaview",     "bayview",     "parkview",      "oakleigh",     "ashgrove",
    "elmwood",   "maple court", "cedar lodge", "banksia lodge", "wattle grove", "the grange",
    "the pines", "the elms",    "moorlands",   "highfield",     "westbrook",    "northcote",
    "southbank", "eastwood",    "ellerslie",   "kurrajong",     "yarrabee",     "warrawee",
    "tallowood", "bellevue",    "belmont",     "carinya",       "allambie",     "kirrawee",
    "wirreanda", "mirrabooka",  "kambah",      "lakefront",     "glenhaven",    "stoneleigh",
    "fernhill",  "greenacres",  "woodlands",   "meadowbank",    "pinecrest",    "sunnybrook"};
constexpr const char* kAddress2Suffixes[] = {
    "",          "",      "",       "",       "",           "",      "retirement village",
    "village",   "house", "estate", "park",   "apartments", "flats", "lodge",
    "homestead", "farm",  "centre", "gardens"};

constexpr const char* kSuburbNames[] = {"st james",
                                        "bittern",
                                        "canterbury",
                                        "coolaroo",
                                        "kellerberrin",
                                        "beaconsfield upper",
                                        "scarborough",
                                        "toowoomba",
                                        "cleveland",
                                        "marsden",
                                        "granville",
                                        "utakarra",
                                        "bundaberg",
                                        "mildura",
                                        "wagga wagga",
                                        "dubbo",
                                        "tamworth",
                                        "orange",
                                        "bathurst",
                                        "goulburn",
                                        "albury",
                                        "wodonga",
                                        "shepparton",
                                        "bendigo",
                                        "ballarat",
                                        "geelong",
                                        "warrnambool",
                                        "horsham",
                                        "traralgon",
                                        "sale",
                                        "bairnsdale",
                                        "morwell",
                                        "frankston",
                                        "dandenong",
                                        "ringwood",
                                        "box hill",
                                        "doncaster",
                                        "heidelberg",
                                        "preston",
                                        "coburg",
                                        "brunswick",
                                        "footscray",
                                        "sunshine",
                                        "werribee",
                                        "melton",
                                        "craigieburn",
                                        "epping",
                                        "glen waverley",
                                        "clayton",
                                        "oakleigh",
                                        "mentone",
                                        "cheltenham",
                                        "brighton",
                                        "st kilda",
                                        "prahran",
                                        "richmond",
                                        "hawthorn",
                                        "kew",
                                        "camberwell",
                                        "parramatta",
                                        "blacktown",
                                        "penrith",
                                        "liverpool",
                                        "campbelltown",
                                        "bankstown",
                                        "hurstville",
                                        "kogarah",
                                        "sutherland",
                                        "cronulla",
                                        "manly",
                                        "chatswood",
                                        "hornsby",
                                        "ryde",
                                        "epping",
                                        "castle hill",
                                        "baulkham hills",
                                        "gosford",
                                        "wyong",
                                        "newcastle",
                                        "maitland",
                                        "cessnock",
                                        "port macquarie",
                                        "coffs harbour",
                                        "lismore",
                                        "grafton",
                                        "armidale",
                                        "queanbeyan",
                                        "nowra",
                                        "wollongong",
                                        "kiama",
                                        "bowral",
                                        "mittagong",
                                        "ipswich",
                                        "logan",
                                        "redcliffe",
                                        "caboolture",
                                        "nambour",
                                        "maroochydore",
                                        "caloundra",
                                        "southport",
                                        "surfers paradise",
                                        "coolangatta",
                                        "rockhampton",
                                        "mackay",
                                        "townsville",
                                        "cairns",
                                        "gladstone",
                                        "hervey bay",
                                        "maryborough",
                                        "gympie",
                                        "warwick",
                                        "dalby",
                                        "emerald",
                                        "mount isa",
                                        "fremantle",
                                        "rockingham",
                                        "mandurah",
                                        "joondalup",
                                        "midland",
                                        "armadale",
                                        "bunbury",
                                        "busselton",
                                        "albany",
                                        "geraldton",
                                        "kalgoorlie",
                                        "broome",
                                        "karratha",
                                        "port hedland",
                                        "esperance",
                                        "northam",
                                        "elizabeth",
                                        "salisbury",
                                        "modbury",
                                        "tea tree gully",
                                        "marion",
                                        "glenelg",
                                        "port adelaide",
                                        "mount barker",
                                        "gawler",
                                        "murray bridge",
                                        "mount gambier",
                                        "whyalla",
                                        "port augusta",
                                        "port pirie",
                                        "port lincoln",
                                        "victor harbor",
                                        "launceston",
                                        "devonport",
                                        "burnie",
                                        "ulverstone",
                                        "kingston",
                                        "glenorchy",
                                        "clarence",
                                        "sorell",
                                        "new norfolk",
                                        "belconnen",
                                        "tuggeranong",
                                        "woden",
                                        "gungahlin",
                                        "weston creek",
                                        "palmerston",
                                        "alice springs",
                                        "katherine",
                                        "tennant creek",
                                        "nhulunbuy",
                                        "casuarina",
                                        "leanyer",
                                        "nightcliff",
                                        "kambah",
                                        "kirrawee",
                                        "bayswater",
                                        "boronia",
                                        "croydon",
                                        "lilydale",
                                        "belgrave",
                                        "emerald",
                                        "pakenham",
                                        "berwick",
                                        "cranbourne",
                                        "mornington",
                                        "rosebud",
                                        "sorrento",
                                        "torquay",
                                        "lorne",
                                        "colac",
                                        "hamilton",
                                        "portland",
                                        "ararat",
                                        "stawell",
                                        "swan hill",
                                        "echuca",
                                        "kyabram",
                                        "benalla",
                                        "wangaratta",
                                        "bright",
                                        "mansfield",
                                        "seymour",
                                        "kilmore",
                                        "wallan",
                                        "sunbury",
                                        "gisborne",
                                        "kyneton",
                                        "castlemaine",
                                        "maryborough",
                                        "daylesford",
                                        "creswick",
                                        "bacchus marsh",
                                        "ballan",
                                        "lara",
                                        "leopold",
                                        "drysdale",
                                        "ocean grove",
                                        "barwon heads",
                                        "inverloch",
                                        "wonthaggi",
                                        "leongatha",
                                        "korumburra",
                                        "warragul",
                                        "drouin",
                                        "moe",
                                        "yallourn",
                                        "churchill",
                                        "rosedale",
                                        "maffra",
                                        "paynesville",
                                        "lakes entrance",
                                        "orbost",
                                        "mallacoota",
                                        "merimbula",
                                        "eden",
                                        "bega",
                                        "narooma",
                                        "moruya",
                                        "batemans bay",
                                        "ulladulla",
                                        "milton",
                                        "berry",
                                        "gerringong",
                                        "shellharbour",
                                        "dapto",
                                        "thirroul",
                                        "bulli",
                                        "helensburgh",
                                        "engadine",
                                        "menai",
                                        "padstow",
                                        "revesby",
                                        "panania",
                                        "east hills",
                                        "picnic point",
                                        "milperra"};
// Prefixes compose further suburbs ("north bendigo", "mount wellwod").
constexpr const char* kSuburbPrefixes[] = {"north ", "south ", "east ",  "west ",  "mount ",
                                           "port ",  "glen ",  "upper ", "lower ", "new "};

struct StateInfo {
  const char* code;
  int weight;       // share of suburbs, in percent
  int postcode_lo;  // postcode range used for the state
  int postcode_hi;
  const char* area;  // landline area code
};
constexpr StateInfo kStates[] = {{"nsw", 32, 2000, 2599, "02"}, {"vic", 26, 3000, 3999, "03"},
                                 {"qld", 20, 4000, 4999, "07"}, {"wa", 10, 6000, 6799, "08"},
                                 {"sa", 7, 5000, 5799, "08"},   {"tas", 2, 7000, 7799, "03"},
                                 {"act", 2, 2600, 2619, "02"},  {"nt", 1, 800, 899, "08"}};

constexpr const char* kEmailDomains[] = {
    "gmail.com",       "hotmail.com",      "yahoo.com.au",   "bigpond.com", "outlook.com",
    "optusnet.com.au", "icloud.com",       "iinet.net.au",   "live.com.au", "tpg.com.au",
    "bigpond.net.au",  "internode.on.net", "westnet.com.au", "yahoo.com",   "protonmail.com"};

// Abbreviations as clerks and forms write them (Australia Post style for street types).
constexpr const char* kAbbreviations[][2] = {
    {"street", "st"},       {"road", "rd"},         {"avenue", "ave"},
    {"crescent", "cres"},   {"place", "pl"},        {"drive", "dr"},
    {"court", "ct"},        {"circuit", "cct"},     {"close", "cl"},
    {"parade", "pde"},      {"terrace", "tce"},     {"highway", "hwy"},
    {"lane", "ln"},         {"grove", "gr"},        {"boulevard", "blvd"},
    {"way", "wy"},          {"cove", "cv"},         {"retirement", "retrmnt"},
    {"village", "vlge"},    {"mount", "mt"},        {"saint", "st"},
    {"north", "nth"},       {"south", "sth"},       {"house", "hse"},
    {"estate", "est"},      {"apartments", "apts"}, {"centre", "ctr"},
    {"gardens", "gdns"},    {"upper", "upr"},       {"lower", "lwr"},
    {"homestead", "hmstd"}, {"port", "pt"}};

// OCR confusions: a glyph sequence and what a scanner reads instead.
// Spellings that sound alike (what a clerk writes from a phone call).
constexpr const char* kPhoneticSwaps[][2] = {
    {"ph", "f"},  {"f", "ph"},  {"ck", "k"},   {"k", "ck"},   {"ie", "y"},    {"y", "ie"},
    {"ou", "ow"}, {"c", "k"},   {"mc", "mac"}, {"mac", "mc"}, {"son", "sen"}, {"sen", "son"},
    {"ei", "ie"}, {"ie", "ei"}, {"ll", "l"},   {"l", "ll"},   {"tt", "t"},    {"nn", "n"},
    {"z", "s"},   {"s", "z"},   {"ee", "ea"},  {"ea", "ee"},  {"ae", "ay"},   {"th", "t"},
    {"gh", ""},   {"wr", "r"},  {"kn", "n"},   {"i", "y"},    {"ey", "y"},    {"ine", "een"}};

constexpr const char* kOcrSwaps[][2] = {
    {"m", "rn"}, {"rn", "m"}, {"l", "1"},  {"1", "l"},  {"o", "0"},  {"0", "o"},  {"i", "l"},
    {"cl", "d"}, {"d", "cl"}, {"w", "vv"}, {"vv", "w"}, {"e", "c"},  {"c", "e"},  {"h", "b"},
    {"b", "h"},  {"u", "v"},  {"n", "ri"}, {"5", "s"},  {"s", "5"},  {"8", "b"},  {"g", "q"},
    {"q", "g"},  {"a", "o"},  {"f", "t"},  {"t", "f"},  {"nn", "m"}, {"ii", "u"}, {"y", "v"}};

// QWERTY neighbours of 'a'..'z'.
constexpr const char* kKeyboardNeighbours[26] = {
    "qwsz",   "vghn",  "xdfv", "serfcx", "wrsd", "drtgvc", "ftyhbv", "gyujnb", "ujko",
    "huikmn", "jiolm", "kop",  "njk",    "bhjm", "iplk",   "ol",     "wa",     "etdf",
    "awedxz", "ryfg",  "yihj", "cfgb",   "qeas", "zsdc",   "tugh",   "asx"};

// ---- Random numbers ----

inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256**: small state, fast, and seeded per record so any record can be regenerated
// on its own (which is what makes the output independent of thread count and morsel size).
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& w : s_) w = SplitMix64(&seed);
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) (Lemire's multiply-shift; the bias is negligible for small n).
  uint32_t Below(uint64_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  // Index in [0, n) favouring small indices: vocabularies list common values first, and real
  // name frequencies are heavy-tailed, so many distinct people share a first name or surname.
  uint32_t Skewed(uint64_t n) {
    const double u = Uniform();
    const double x = Chance(0.75) ? u * u : u;
    const uint64_t i = static_cast<uint64_t>(x * static_cast<double>(n));
    return static_cast<uint32_t>(i < n ? i : n - 1);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

uint64_t RecordSeed(uint64_t seed, uint64_t entity, uint64_t dup) {
  uint64_t s = seed ^ 0x6a09e667f3bcc909ULL;
  const uint64_t a = SplitMix64(&s);
  uint64_t t = a ^ (entity * 0x9e3779b97f4a7c15ULL) ^ (dup * 0xc2b2ae3d27d4eb4fULL);
  return SplitMix64(&t);
}

// ---- Vocabulary tables built once ----

struct Suburb {
  std::string name;
  std::string postcode;
  int state;  // index into kStates
};

struct GivenName {
  std::string_view name;
  std::vector<std::string_view> nicknames;
};

struct Vocab {
  std::vector<GivenName> male, female, neutral;
  std::vector<std::string> surnames;
  std::vector<Suburb> suburbs;
  std::vector<int> street_type_cdf;
};

void AddNames(const char* const* names, size_t n, std::vector<GivenName>* out) {
  for (size_t i = 0; i < n; ++i) {
    GivenName g;
    g.name = names[i];
    for (const auto& row : kNicknames) {
      if (g.name != row[0]) continue;
      std::string_view list = row[1];
      while (!list.empty()) {
        const size_t bar = list.find('|');
        g.nicknames.push_back(list.substr(0, bar));
        list = bar == std::string_view::npos ? std::string_view() : list.substr(bar + 1);
      }
    }
    out->push_back(std::move(g));
  }
}

const Vocab& GetVocab() {
  static const Vocab* vocab = [] {
    auto* v = new Vocab;
    AddNames(kMaleNames, std::size(kMaleNames), &v->male);
    AddNames(kFemaleNames, std::size(kFemaleNames), &v->female);
    AddNames(kNeutralNames, std::size(kNeutralNames), &v->neutral);
    for (const char* s : kRealSurnames) v->surnames.emplace_back(s);
    // Composed surnames in a scrambled but fixed order, so the rarer tail mixes syllables.
    std::vector<std::string> composed;
    for (const char* h : kSurnameHeads)
      for (const char* t : kSurnameTails) composed.push_back(std::string(h) + t);
    uint64_t st = 0x5eed;
    for (size_t i = composed.size(); i > 1; --i)
      std::swap(composed[i - 1], composed[SplitMix64(&st) % i]);
    for (auto& c : composed) v->surnames.push_back(std::move(c));

    // Suburbs: the listed ones, then prefixed variants; each gets a state and a postcode in
    // that state's range, drawn from a fixed stream (several suburbs may share a postcode).
    std::vector<std::string> names(std::begin(kSuburbNames), std::end(kSuburbNames));
    const size_t base = names.size();
    for (const char* p : kSuburbPrefixes) {
      for (size_t i = 0; i < base; i += 3) {
        const std::string& b = names[(i * 7) % base];
        // "port port hedland" and "north mount isa" read wrong: only unprefixed bases.
        bool prefixed = false;
        for (const char* q : kSuburbPrefixes) prefixed |= b.rfind(q, 0) == 0;
        if (!prefixed) names.push_back(std::string(p) + b);
      }
    }
    uint64_t ss = 0x5ab0b;
    for (auto& name : names) {
      const int pick = static_cast<int>(SplitMix64(&ss) % 100);
      int state = 0, acc = 0;
      for (int k = 0; k < static_cast<int>(std::size(kStates)); ++k) {
        acc += kStates[k].weight;
        if (pick < acc) {
          state = k;
          break;
        }
      }
      const StateInfo& si = kStates[state];
      const int pc = si.postcode_lo +
                     static_cast<int>(SplitMix64(&ss) % (si.postcode_hi - si.postcode_lo + 1));
      char buf[8];
      std::snprintf(buf, sizeof(buf), "%04d", pc);
      v->suburbs.push_back(Suburb{std::move(name), buf, state});
    }
    int acc = 0;
    for (const auto& t : kStreetTypes) v->street_type_cdf.push_back(acc += t.weight);
    return v;
  }();
  return *vocab;
}

// ---- Records ----

enum RecordField {
  kGiven,
  kSurname,
  kStreetNumber,
  kAddress1,
  kAddress2,
  kSuburb,
  kPostcode,
  kState,
  kDob,
  kSsn,
  kPhone,
  kEmail,
  kNumFields
};

// One record's values. Reused across rows so the strings keep their capacity (no allocation
// per row once warm).
struct Record {
  std::array<std::string, kNumFields> f;
  const GivenName* given = nullptr;  // vocabulary entry of the original given name
  std::string phone_digits;          // canonical digits, for reformatting
};

void AppendInt(std::string* s, uint64_t v, int min_digits = 1) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  for (int pad = min_digits - static_cast<int>(r.ptr - buf); pad > 0; --pad) s->push_back('0');
  s->append(buf, r.ptr);
}

void AppendDigits(std::string* s, Rng& rng, int n) {
  for (int i = 0; i < n; ++i) s->push_back(static_cast<char>('0' + rng.Below(10)));
}

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return kDays[m - 1];
}

// Phone styles: 0 canonical ("0412 345 678" / "02 9876 5432"), 1 digits only, 2 international,
// 3 parenthesised area code, 4 dashes.
void FormatPhone(std::string_view d, int style, std::string* out) {
  out->clear();
  const bool mobile = d.size() == 10 && d[1] == '4';
  if (d.size() != 10) {
    out->append(d);
    return;
  }
  switch (style) {
    case 1:
      out->append(d);
      break;
    case 2:
      out->append("+61 ");
      if (mobile) {
        out->append(d.substr(1, 3)).append(" ").append(d.substr(4, 3)).append(" ");
        out->append(d.substr(7, 3));
      } else {
        out->append(d.substr(1, 1)).append(" ").append(d.substr(2, 4)).append(" ");
        out->append(d.substr(6, 4));
      }
      break;
    case 3:
      out->append("(").append(d.substr(0, 2)).append(") ").append(d.substr(2, 4)).append(" ");
      out->append(d.substr(6, 4));
      break;
    case 4:
      if (mobile) {
        out->append(d.substr(0, 4)).append("-").append(d.substr(4, 3)).append("-");
        out->append(d.substr(7, 3));
      } else {
        out->append(d.substr(0, 2)).append("-").append(d.substr(2, 4)).append("-");
        out->append(d.substr(6, 4));
      }
      break;
    default:
      if (mobile) {
        out->append(d.substr(0, 4)).append(" ").append(d.substr(4, 3)).append(" ");
        out->append(d.substr(7, 3));
      } else {
        out->append(d.substr(0, 2)).append(" ").append(d.substr(2, 4)).append(" ");
        out->append(d.substr(6, 4));
      }
  }
}

void MakeEmail(std::string_view given, std::string_view surname, Rng& rng, std::string* out) {
  out->clear();
  if (given.empty() || surname.empty()) {
    out->append(given.empty() ? surname : given);
    AppendInt(out, 1 + rng.Below(99));
  } else {
    switch (rng.Below(6)) {
      case 0:
        out->append(given).append(".").append(surname);
        break;
      case 1:
        out->append(given).append(surname);
        break;
      case 2:
        out->push_back(given[0]);
        out->append(surname);
        break;
      case 3:
        out->append(given).append("_").append(surname);
        break;
      case 4:
        out->append(surname).append(".").append(given);
        break;
      default:
        out->append(given).append(".").append(surname);
        AppendInt(out, rng.Below(100));
    }
  }
  out->push_back('@');
  out->append(kEmailDomains[rng.Skewed(std::size(kEmailDomains))]);
}

// Streams besides the per-record ones (dup numbers stay far below these tags).
constexpr uint64_t kHouseholdTag = 0xfff0001;
constexpr uint64_t kHomeTag = 0xfff0002;

// About one person in eight lives with an earlier entity (a spouse, child or flatmate): same
// address and landline, often the same surname. These are the hard non-matches a model must
// learn to tell apart. Returns the entity whose home `entity` shares (itself when none).
int64_t Household(uint64_t seed, int64_t entity) {
  if (entity == 0) return 0;
  Rng h(RecordSeed(seed, static_cast<uint64_t>(entity), kHouseholdTag));
  if (!h.Chance(0.12)) return entity;
  return entity - 1 - h.Below(std::min<int64_t>(entity, 64));
}

// The original record of `entity`: a pure function of (seed, entity).
void MakeOriginal(uint64_t seed, int64_t entity, const Vocab& v, Record* r) {
  Rng rng(RecordSeed(seed, static_cast<uint64_t>(entity), 0));
  const int64_t household = Household(seed, entity);
  Rng home(RecordSeed(seed, static_cast<uint64_t>(household), kHomeTag));
  for (auto& s : r->f) s.clear();

  // Every draw happens whatever the outcome, so each stream stays aligned across entities.
  const uint32_t g = rng.Below(100);
  const std::vector<GivenName>& names = g < 48 ? v.male : g < 96 ? v.female : v.neutral;
  r->given = &names[rng.Skewed(names.size())];
  r->f[kGiven].assign(r->given->name);
  const std::string& family_name = v.surnames[home.Skewed(v.surnames.size())];
  const std::string& own_name = v.surnames[rng.Skewed(v.surnames.size())];
  const bool keeps_family_name = rng.Chance(0.75);
  const bool shares_home = household != entity;
  r->f[kSurname].assign(shares_home && !keeps_family_name ? own_name : family_name);

  const double u = home.Uniform();
  AppendInt(&r->f[kStreetNumber], 1 + static_cast<uint64_t>(u * u * u * 400));
  std::string& a1 = r->f[kAddress1];
  a1.assign(kStreetNames[home.Skewed(std::size(kStreetNames))]);
  const int t = static_cast<int>(home.Below(v.street_type_cdf.back()));
  size_t type = 0;
  while (v.street_type_cdf[type] <= t) ++type;
  a1.push_back(' ');
  a1.append(kStreetTypes[type].full);

  std::string& a2 = r->f[kAddress2];
  a2.assign(kAddress2Words[home.Below(std::size(kAddress2Words))]);
  const char* suffix = kAddress2Suffixes[home.Below(std::size(kAddress2Suffixes))];
  if (*suffix) a2.append(" ").append(suffix);

  const Suburb& sub = v.suburbs[home.Skewed(v.suburbs.size())];
  r->f[kSuburb].assign(sub.name);
  r->f[kPostcode].assign(sub.postcode);
  r->f[kState].assign(kStates[sub.state].code);

  const int year = 1920 + static_cast<int>(rng.Below(93));
  const int month = 1 + static_cast<int>(rng.Below(12));
  const int day = 1 + static_cast<int>(rng.Below(DaysInMonth(year, month)));
  AppendInt(&r->f[kDob], year * 10000 + month * 100 + day, 8);
  AppendInt(&r->f[kSsn], 1000000 + rng.Below(9000000));

  r->phone_digits.clear();
  if (rng.Chance(0.65)) {
    r->phone_digits.append("04");
    AppendDigits(&r->phone_digits, rng, 8);
  } else {
    r->phone_digits.append(kStates[sub.state].area);  // the home's landline
    r->phone_digits.push_back(static_cast<char>('2' + home.Below(8)));
    AppendDigits(&r->phone_digits, home, 7);
  }
  FormatPhone(r->phone_digits, 0, &r->f[kPhone]);
  MakeEmail(r->f[kGiven], r->f[kSurname], rng, &r->f[kEmail]);

  // Originals are not complete either (Febrl's originals have gaps too).
  static constexpr double kMissing[kNumFields] = {0.02, 0.01,  0.04, 0.02, 0.25, 0.015,
                                                  0.01, 0.015, 0.02, 0.01, 0.15, 0.2};
  for (int k = 0; k < kNumFields; ++k)
    if (rng.Chance(kMissing[k])) r->f[k].clear();
}

// ---- Corruptions ----

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char NeighbourKey(char c, Rng& rng) {
  if (c >= 'a' && c <= 'z') {
    const char* n = kKeyboardNeighbours[c - 'a'];
    return n[rng.Below(std::strlen(n))];
  }
  if (IsDigit(c)) {
    if (c == '0') return '9';
    if (c == '9') return '8';
    return static_cast<char>(c + (rng.Chance(0.5) ? 1 : -1));
  }
  return static_cast<char>('a' + rng.Below(26));
}

char RandomLike(char c, Rng& rng) {
  if (IsDigit(c)) return static_cast<char>('0' + rng.Below(10));
  return static_cast<char>('a' + rng.Below(26));
}

// One typing error: insert, delete, substitute (mostly a keyboard neighbour) or transpose.
void Typo(std::string* s, Rng& rng) {
  if (s->empty()) return;
  const size_t n = s->size();
  size_t pos = rng.Below(n);
  // Errors are rarer on the first character (people check it), as Febrl assumes.
  if (pos == 0 && n > 1 && rng.Chance(0.6)) pos = 1 + rng.Below(n - 1);
  char& c = (*s)[pos];
  switch (rng.Below(10)) {
    case 0:
    case 1:
      s->insert(s->begin() + pos, rng.Chance(0.5) ? NeighbourKey(c, rng) : c);
      break;
    case 2:
    case 3:
      if (n > 1)
        s->erase(pos, 1);
      else
        c = NeighbourKey(c, rng);
      break;
    case 4:
    case 5:
    case 6: {
      char r = rng.Chance(0.7) ? NeighbourKey(c, rng) : RandomLike(c, rng);
      if (r == c) r = NeighbourKey(c, rng);
      c = r;
      break;
    }
    default:
      if (n > 1) {
        const size_t p = pos + 1 < n ? pos : pos - 1;
        if ((*s)[p] == (*s)[p + 1]) {
          (*s)[p] = NeighbourKey((*s)[p], rng);
        } else {
          std::swap((*s)[p], (*s)[p + 1]);
        }
      } else {
        c = NeighbourKey(c, rng);
      }
  }
}

// Replaces one occurrence of a `table` entry's first string by its second, at a random place;
// no change when none of the tried entries occurs.
template <size_t N>
void SwapSequence(const char* const (&table)[N][2], std::string* s, Rng& rng) {
  if (s->empty()) return;
  for (int attempt = 0; attempt < 8; ++attempt) {
    const auto& sw = table[rng.Below(N)];
    const size_t start = rng.Below(s->size());
    size_t at = s->find(sw[0], start);
    if (at == std::string::npos) at = s->find(sw[0]);
    if (at == std::string::npos) continue;
    s->replace(at, std::strlen(sw[0]), sw[1]);
    return;
  }
}

// A scanner's misreading of one glyph sequence.
void OcrError(std::string* s, Rng& rng) { SwapSequence(kOcrSwaps, s, rng); }
// A spelling that sounds the same ("catherine" / "katherine", "mcdonald" / "macdonald").
void PhoneticVariant(std::string* s, Rng& rng) { SwapSequence(kPhoneticSwaps, s, rng); }

// Replaces one known word with its abbreviation; returns false when no word has one.
bool Abbreviate(std::string* s, Rng& rng) {
  // Collect word boundaries; try the words from the last (street type) backwards.
  size_t end = s->size();
  while (end > 0) {
    size_t begin = s->rfind(' ', end - 1);
    begin = begin == std::string::npos ? 0 : begin + 1;
    const std::string_view word(s->data() + begin, end - begin);
    for (const auto& ab : kAbbreviations) {
      if (word == ab[0]) {
        s->replace(begin, end - begin, ab[1]);
        return true;
      }
    }
    if (begin == 0) break;
    end = begin - 1;
  }
  return false;
}

void ChangeDigit(std::string* s, Rng& rng, size_t from = 0) {
  size_t count = 0;
  for (size_t i = from; i < s->size(); ++i) count += IsDigit((*s)[i]);
  if (count == 0) return;
  size_t k = rng.Below(count);
  for (size_t i = from; i < s->size(); ++i) {
    if (!IsDigit((*s)[i]) || k-- != 0) continue;
    const char old = (*s)[i];
    char c = rng.Chance(0.5) ? NeighbourKey(old, rng) : static_cast<char>('0' + rng.Below(10));
    if (c == old) c = old == '9' ? '0' : static_cast<char>(old + 1);
    (*s)[i] = c;
    return;
  }
}

void TransposeDigits(std::string* s, Rng& rng) {
  if (s->size() < 2) return;
  const size_t p = rng.Below(s->size() - 1);
  if ((*s)[p] == (*s)[p + 1]) {
    ChangeDigit(s, rng);
  } else {
    std::swap((*s)[p], (*s)[p + 1]);
  }
}

void ChangeDate(std::string* s, Rng& rng) {
  if (s->size() != 8) return;
  const std::string_view v = *s;
  const bool swappable = v.substr(6, 2) != v.substr(4, 2) && (*s)[6] <= '1' &&
                         !(v.substr(6, 2) == "00") && (v[6] == '0' || v[7] <= '2');
  if (swappable && rng.Chance(0.45)) {
    // yyyymmdd -> yyyyddmm: day and month read the other way round.
    std::swap((*s)[4], (*s)[6]);
    std::swap((*s)[5], (*s)[7]);
    return;
  }
  ChangeDigit(s, rng, rng.Chance(0.3) ? 2 : 4);  // years less often than month/day
}

void ChangeEmailDomain(std::string* s, Rng& rng) {
  const size_t at = s->find('@');
  if (at == std::string::npos) return;
  const std::string_view old(s->data() + at + 1, s->size() - at - 1);
  size_t i = rng.Below(std::size(kEmailDomains));
  if (old == kEmailDomains[i]) i = (i + 1) % std::size(kEmailDomains);
  s->replace(at + 1, std::string::npos, kEmailDomains[i]);
}

// Corrupts a copy of the original into duplicate number `dup` (>= 1) of `entity`.
void MakeDuplicate(uint64_t seed, int64_t entity, int dup, const Record& orig, Record* r) {
  Rng rng(RecordSeed(seed, static_cast<uint64_t>(entity), static_cast<uint64_t>(dup)));
  for (int k = 0; k < kNumFields; ++k) r->f[k].assign(orig.f[k]);
  r->given = orig.given;
  auto& f = r->f;

  // Given name.
  if (!f[kGiven].empty() && !orig.given->nicknames.empty() && rng.Chance(0.15)) {
    f[kGiven].assign(orig.given->nicknames[rng.Below(orig.given->nicknames.size())]);
  }
  if (rng.Chance(0.14)) Typo(&f[kGiven], rng);
  if (rng.Chance(0.03)) OcrError(&f[kGiven], rng);
  if (rng.Chance(0.04)) PhoneticVariant(&f[kGiven], rng);
  if (rng.Chance(0.04)) f[kGiven].clear();
  // Surname.
  if (rng.Chance(0.16)) Typo(&f[kSurname], rng);
  if (rng.Chance(0.04)) OcrError(&f[kSurname], rng);
  if (rng.Chance(0.06)) PhoneticVariant(&f[kSurname], rng);
  if (rng.Chance(0.03)) f[kSurname].clear();
  if (rng.Chance(0.03)) f[kGiven].swap(f[kSurname]);
  // Address.
  if (rng.Chance(0.05)) ChangeDigit(&f[kStreetNumber], rng);
  if (rng.Chance(0.05)) f[kStreetNumber].clear();
  if (rng.Chance(0.2)) Abbreviate(&f[kAddress1], rng);
  if (rng.Chance(0.1)) Typo(&f[kAddress1], rng);
  if (rng.Chance(0.03)) {
    // Words run together ("pridhamstreet").
    const size_t sp = f[kAddress1].rfind(' ');
    if (sp != std::string::npos) f[kAddress1].erase(sp, 1);
  }
  if (rng.Chance(0.03)) f[kAddress1].clear();
  if (rng.Chance(0.1)) Abbreviate(&f[kAddress2], rng);
  if (rng.Chance(0.08)) Typo(&f[kAddress2], rng);
  if (rng.Chance(0.1)) f[kAddress2].clear();
  if (rng.Chance(0.1)) Typo(&f[kSuburb], rng);
  if (rng.Chance(0.02)) OcrError(&f[kSuburb], rng);
  if (rng.Chance(0.03)) PhoneticVariant(&f[kSuburb], rng);
  if (rng.Chance(0.04)) Abbreviate(&f[kSuburb], rng);
  if (rng.Chance(0.04)) f[kSuburb].clear();
  if (rng.Chance(0.06)) ChangeDigit(&f[kPostcode], rng, 1);  // the first digit names the state
  if (rng.Chance(0.03)) f[kPostcode].clear();
  if (rng.Chance(0.02)) f[kState].assign(kStates[rng.Below(std::size(kStates))].code);
  if (rng.Chance(0.03)) f[kState].clear();
  // Identity.
  if (rng.Chance(0.14)) ChangeDate(&f[kDob], rng);
  if (rng.Chance(0.03)) f[kDob].clear();
  if (rng.Chance(0.08)) ChangeDigit(&f[kSsn], rng);
  if (rng.Chance(0.04)) TransposeDigits(&f[kSsn], rng);
  if (rng.Chance(0.04)) f[kSsn].clear();
  // Contact.
  if (!f[kPhone].empty()) {
    if (rng.Chance(0.3)) FormatPhone(orig.phone_digits, 1 + rng.Below(4), &f[kPhone]);
    if (rng.Chance(0.05)) ChangeDigit(&f[kPhone], rng, 2);
  }
  if (rng.Chance(0.1)) f[kPhone].clear();
  if (rng.Chance(0.15)) ChangeEmailDomain(&f[kEmail], rng);
  if (rng.Chance(0.05)) Typo(&f[kEmail], rng);
  if (rng.Chance(0.1)) f[kEmail].clear();

  // A duplicate always differs somewhere: fall back to a typo in a name or, failing that,
  // in any non-empty field.
  bool same = true;
  for (int k = 0; k < kNumFields && same; ++k) same = r->f[k] == orig.f[k];
  if (!same) return;
  for (int k : {kSurname, kGiven, kAddress1, kSuburb, kDob, kSsn, kStreetNumber, kPostcode}) {
    if (f[k].empty()) continue;
    const std::string before = f[k];
    for (int tries = 0; tries < 4 && f[k] == before; ++tries) Typo(&f[k], rng);
    if (f[k] != before) return;
  }
}

// Number of duplicates of each entity: exactly `dups` in total, at most `max_dups` each, drawn
// sequentially from one stream (cheap: one draw per entity).
std::vector<uint16_t> DuplicateCounts(uint64_t seed, int64_t entities, int64_t dups, int max_dups) {
  std::vector<uint16_t> count(entities, 0);
  if (dups == 0 || entities == 0) return count;
  Rng rng(RecordSeed(seed, ~uint64_t{0}, 1));
  // Sizes 1..max with weights 1/2, 1/4, ... (Febrl-like: most duplicated entities have one
  // or two duplicates), and the share of entities with duplicates chosen to hit the total.
  std::vector<double> cdf(max_dups);
  double w = 1, total = 0, mean = 0;
  for (int k = 1; k <= max_dups; ++k, w *= 0.5) {
    total += w;
    mean += k * w;
    cdf[k - 1] = total;
  }
  mean /= total;
  const double p = std::min(1.0, static_cast<double>(dups) / entities / mean);
  int64_t left = dups;
  for (int64_t e = 0; e < entities && left > 0; ++e) {
    if (!rng.Chance(p)) continue;
    const double u = rng.Uniform() * total;
    int k = 1;
    while (k < max_dups && cdf[k - 1] < u) ++k;
    k = static_cast<int>(std::min<int64_t>(k, left));
    count[e] = static_cast<uint16_t>(k);
    left -= k;
  }
  // Whatever the draws left over is spread one at a time from a random start.
  int64_t e = entities > 0 ? rng.Below(entities) : 0;
  while (left > 0) {
    if (count[e] < max_dups) {
      ++count[e];
      --left;
    }
    if (++e == entities) e = 0;
  }
  return count;
}

constexpr const char* kColumnNames[] = {"rec_id",    "given_name",    "surname",    "street_number",
                                        "address_1", "address_2",     "suburb",     "postcode",
                                        "state",     "date_of_birth", "soc_sec_id", "phone",
                                        "email",     "entity_id"};
constexpr int kNumColumns = static_cast<int>(std::size(kColumnNames));

// Concatenates null-free string columns by copying their buffers (ConcatColumns appends row by
// row, which would dominate the generator's time).
Result<ColumnPtr> ConcatStrings(const std::vector<ColumnPtr>& parts) {
  int64_t rows = 0, bytes = 0;
  for (const auto& c : parts) {
    rows += c->length();
    bytes += c->length() == 0 ? 0 : c->offsets()[c->length()];
  }
  if (bytes > INT32_MAX) {
    return ResourceExhausted(
        "generated string column holds ", bytes,
        " bytes, more than a string column can (2^31 - 1); ask for fewer rows");
  }
  Buffer values(bytes), offsets((rows + 1) * sizeof(int32_t));
  int32_t* out_off = reinterpret_cast<int32_t*>(offsets.data());
  int64_t row = 0;
  int32_t base = 0;
  out_off[0] = 0;
  for (const auto& c : parts) {
    const int64_t n = c->length();
    if (n == 0) continue;
    const int32_t* off = c->offsets();
    std::memcpy(values.data() + base, c->values_buffer().data(), off[n]);
    for (int64_t i = 1; i <= n; ++i) out_off[row + i] = base + off[i];
    row += n;
    base += off[n];
  }
  return Column::FromBuffers(DataType::String(), rows, Buffer(), std::move(values),
                             std::move(offsets));
}

}  // namespace

Result<TablePtr> GeneratePersonRecords(const GenerateOptions& opts) {
  if (opts.rows < 0 || opts.rows > 50'000'000) {
    return InvalidArgument("generate: rows must be between 0 and 50000000, got ", opts.rows);
  }
  if (!(opts.duplicate_fraction >= 0 && opts.duplicate_fraction < 1)) {
    return InvalidArgument("generate: duplicate_fraction must be in [0, 1), got ",
                           opts.duplicate_fraction);
  }
  if (opts.max_duplicates_per_entity < 0 || opts.max_duplicates_per_entity > 1000) {
    return InvalidArgument("generate: max_duplicates_per_entity must be between 0 and 1000, got ",
                           opts.max_duplicates_per_entity);
  }
  const int max_dups = opts.max_duplicates_per_entity;
  const int64_t rows = opts.rows;
  int64_t dups = static_cast<int64_t>(opts.duplicate_fraction * static_cast<double>(rows) + 0.5);
  dups = std::min(dups, rows * max_dups / (max_dups + 1));
  const int64_t entities = rows - dups;
  const uint64_t seed = opts.seed;
  const Vocab& vocab = GetVocab();

  // Row layout before shuffling: each entity's original, then its duplicates. Packed as
  // entity << 16 | dup so the shuffle moves one word per row.
  const std::vector<uint16_t> counts = DuplicateCounts(seed, entities, dups, max_dups);
  std::vector<uint64_t> layout;
  layout.reserve(rows);
  for (int64_t e = 0; e < entities; ++e)
    for (int k = 0; k <= counts[e]; ++k) layout.push_back(static_cast<uint64_t>(e) << 16 | k);
  {
    Rng rng(RecordSeed(seed, ~uint64_t{0}, 2));
    for (int64_t i = rows - 1; i > 0; --i) std::swap(layout[i], layout[rng.Below(i + 1)]);
  }

  // Each output row is regenerated from its own seed, so blocks are independent and the
  // result does not depend on how blocks are spread over threads.
  constexpr int64_t kBlock = 16384;
  const int64_t blocks = (rows + kBlock - 1) / kBlock;
  std::vector<std::vector<ColumnPtr>> parts(kNumColumns, std::vector<ColumnPtr>(blocks));
  ThreadPool& pool = opts.pool != nullptr ? *opts.pool : ThreadPool::Default();
  pool.ParallelFor(rows, kBlock, [&](int64_t begin, int64_t end) {
    std::vector<ColumnBuilder> builders;
    builders.reserve(kNumColumns);
    for (int c = 0; c < kNumColumns; ++c) builders.emplace_back(DataType::String(), end - begin);
    Record orig, dup;
    std::string id;
    for (int64_t row = begin; row < end; ++row) {
      const int64_t entity = static_cast<int64_t>(layout[row] >> 16);
      const int k = static_cast<int>(layout[row] & 0xffff);
      MakeOriginal(seed, entity, vocab, &orig);
      const Record* rec = &orig;
      if (k > 0) {
        MakeDuplicate(seed, entity, k, orig, &dup);
        rec = &dup;
      }
      id.assign("rec-");
      AppendInt(&id, entity);
      if (k == 0) {
        id.append("-org");
      } else {
        id.append("-dup-");
        AppendInt(&id, k - 1);
      }
      builders[0].AppendString(id);
      for (int f = 0; f < kNumFields; ++f) builders[1 + f].AppendString(rec->f[f]);
      id.clear();
      AppendInt(&id, entity);
      builders[kNumColumns - 1].AppendString(id);
    }
    const int64_t block = begin / kBlock;
    for (int c = 0; c < kNumColumns; ++c) parts[c][block] = builders[c].Finish();
  });

  std::vector<kindred::Field> fields;
  std::vector<ColumnPtr> columns(kNumColumns);
  for (int c = 0; c < kNumColumns; ++c)
    fields.push_back(kindred::Field{kColumnNames[c], DataType::String(), true});
  pool.ParallelFor(kNumColumns, 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      // A failure leaves the column null; reported below, outside the parallel section.
      auto col = ConcatStrings(parts[c]);
      if (col.ok()) columns[c] = std::move(col).value();
    }
  });
  for (int c = 0; c < kNumColumns; ++c) {
    if (columns[c] == nullptr) {
      return ResourceExhausted("generate: column ", kColumnNames[c],
                               " is larger than a string column can hold (2^31 - 1 bytes); "
                               "ask for fewer rows");
    }
  }
  return Table::MakeChecked(Schema(std::move(fields)), std::move(columns));
}

}  // namespace kindred::er
