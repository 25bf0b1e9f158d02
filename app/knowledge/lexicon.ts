import { contentWords, stem } from "./text";

/**
 * A small bilingual (English ↔ Russian) retail lexicon: groups of words that mean the same thing
 * to a shopper, in both languages — "куртка" and "jacket", "доставка" and "shipping".
 *
 * What it is for: the offline retrieval path (the feature-hashing embedder plus Postgres full-text
 * search) only matches shared stems, so an English question about a product described in Russian
 * (or the reverse) found nothing. With the lexicon
 * - the local embedder adds one "concept" feature per matched word or phrase, so «тёплая куртка»
 *   and "warm jacket" share features (embedders/local.ts, palompy-local-hash-v2);
 * - the lexical channel ORs a few words of the same concept, in the other language first, into
 *   the tsquery (retrieve.server.ts, buildLexicalQuery).
 *
 * Written from general shop vocabulary (apparel, footwear, outdoor and travel gear, home basics,
 * colours, materials, sizes, and customer-service topics), not from any store's catalog or any
 * evaluation query.
 *
 * Limits:
 * - Words, not meaning: "something to keep my tea hot" does not become "thermos". Paraphrases
 *   still need a real multilingual model (the OpenAI embedder).
 * - One sense per word. Ambiguous words ("pack", "card", "light") are either left out or placed
 *   in their dominant retail sense; short words are risky because matching is by crude stem.
 * - Matching uses the local embedder's crude stemmer (lower-case, accents folded, ё → е, common
 *   ru/en endings stripped, stems cut at 7 characters), so word forms usually coincide
 *   ("куртки", "куртку" → "куртк"), but irregular forms must be listed ("mice" is not "mouse").
 * - Groups are coarse on purpose: "jacket" and "coat" are the same concept, so precision between
 *   close product types comes from the exact-word features, not from the concept.
 *
 * Format: [concept id, English words and phrases, Russian words and phrases], comma-separated.
 * The first entries of each language are the ones the lexical channel adds to queries; later ones
 * only help matching. Multi-word entries match as phrases (stop words inside are ignored).
 */
const GROUPS: readonly (readonly [string, string, string])[] = [
  // Outerwear and clothing
  ["jacket", "jacket, coat, parka, anorak, windbreaker, shell jacket, outerwear", "куртка, пуховик, парка, ветровка, анорак, пальто, верхняя одежда"],
  ["raincoat", "raincoat, rain jacket, poncho", "дождевик, плащ, пончо"],
  ["vest", "vest, gilet, waistcoat, bodywarmer", "жилет, жилетка, безрукавка"],
  ["fleece", "fleece, polar fleece", "флис, флиска, флисовый"],
  ["hoodie", "hoodie, sweatshirt, pullover", "худи, толстовка, свитшот"],
  ["sweater", "sweater, jumper, cardigan, knitwear", "свитер, джемпер, кардиган, пуловер"],
  ["shirt", "shirt, blouse", "рубашка, блузка, сорочка"],
  ["tshirt", "t-shirt, tshirt, tee, tank top", "футболка, майка, топ"],
  ["trousers", "trousers, pants, slacks", "брюки, штаны"],
  ["jeans", "jeans, denim", "джинсы, деним"],
  ["shorts", "shorts", "шорты"],
  ["skirt", "skirt", "юбка"],
  ["dress", "dress, gown, sundress", "платье, сарафан"],
  ["suit", "suit, costume", "костюм"],
  ["overalls", "overalls, jumpsuit, coverall, snowsuit", "комбинезон"],
  ["leggings", "leggings, tights", "легинсы, лосины, колготки"],
  ["underwear", "underwear, lingerie, briefs, boxers", "нижнее белье, белье, трусы"],
  ["baselayer", "base layer, thermal underwear, thermals, long johns", "термобелье, термобелья, термокофта, терморубашка"],
  ["socks", "socks, sock", "носки, носок, гольфы"],
  ["pajamas", "pajamas, pyjamas, nightwear, sleepwear", "пижама, ночная рубашка"],
  ["swimwear", "swimsuit, swimwear, bikini, swim trunks", "купальник, плавки"],
  ["uniform", "uniform, workwear", "униформа, спецодежда"],
  ["clothing", "clothing, clothes, apparel, garment, wear", "одежда, вещь, вещи"],
  // Footwear
  ["footwear", "shoes, footwear, shoe", "обувь, туфли"],
  ["boots", "boots, boot", "ботинки, ботинок, сапоги, сапог, берцы"],
  ["sneakers", "sneakers, trainers, running shoes, sneaker", "кроссовки, кроссовок, кеды"],
  ["sandals", "sandals, flip flops, slides, sandal", "сандалии, сандали, шлепанцы, шлепки, вьетнамки"],
  ["slippers", "slippers, slipper", "тапочки, тапки"],
  ["wellies", "rubber boots, rain boots, wellingtons, wellies, gumboots", "резиновые сапоги"],
  ["insoles", "insoles, insole, footbed", "стельки, стелька"],
  ["laces", "laces, shoelaces", "шнурки, шнурок"],
  ["sole", "sole, outsole, tread", "подошва, протектор"],
  ["gaiters", "gaiters, gaiter", "гетры, гамаши, бахилы"],
  // Accessories
  ["hat", "hat, cap, beanie, bonnet, headwear", "шапка, кепка, панама, бейсболка, шляпа, головной убор"],
  ["balaclava", "balaclava, face mask, neck gaiter, buff", "балаклава, бафф, маска"],
  ["scarf", "scarf, shawl, snood", "шарф, платок, снуд"],
  ["gloves", "gloves, mittens, glove, mitts", "перчатки, варежки, рукавицы, перчатка"],
  ["belt", "belt", "ремень, пояс"],
  ["bag", "bag, handbag, tote, purse", "сумка, сумочка, пакет"],
  ["backpack", "backpack, rucksack, daypack, knapsack", "рюкзак, ранец"],
  ["suitcase", "suitcase, luggage, trolley, carry-on", "чемодан, багаж"],
  ["wallet", "wallet, card holder", "кошелек, бумажник, портмоне"],
  ["sunglasses", "sunglasses, shades, goggles, glasses", "солнцезащитные очки, очки, маска горнолыжная"],
  ["umbrella", "umbrella", "зонт, зонтик"],
  ["watch", "watch, wristwatch", "часы"],
  ["jewelry", "jewelry, jewellery, necklace, bracelet, earrings, ring", "украшения, бижутерия, ожерелье, браслет, серьги, кольцо"],
  ["drybag", "dry bag, waterproof bag, dry sack", "гермомешок, гермосумка"],
  ["pouch", "pouch, protective case", "чехол, футляр, кейс"],
  // Outdoor gear
  ["tent", "tent, shelter, tarp", "палатка, тент, шатер"],
  ["sleepingbag", "sleeping bag", "спальник, спальный мешок"],
  ["sleepingpad", "sleeping pad, sleeping mat, mattress, air mattress, foam mat", "коврик, туристический коврик, матрас, каремат, пенка"],
  ["pillow", "pillow, cushion", "подушка"],
  ["blanket", "blanket, quilt, throw", "одеяло, плед"],
  ["hammock", "hammock", "гамак"],
  ["chair", "chair, stool, seat", "стул, стульчик, кресло, сиденье"],
  ["table", "table", "стол, столик"],
  ["stove", "stove, burner, camping stove, cooker", "горелка, плитка, примус"],
  ["fuel", "fuel, gas canister, gas cartridge, gas", "топливо, газ, газовый баллон, баллон"],
  ["cookware", "cookware, pot, pan, cook set, kettle", "посуда, котелок, кастрюля, сковорода, чайник"],
  ["cutlery", "cutlery, spoon, fork, spork, utensils", "столовые приборы, ложка, вилка, ложковилка"],
  ["mug", "mug, cup", "кружка, чашка, стакан"],
  ["bottle", "bottle, water bottle, flask", "бутылка, фляга, фляжка"],
  ["thermos", "thermos, vacuum flask, insulated bottle, thermal flask", "термос, термокружка"],
  ["hydration", "hydration bladder, hydration pack, water reservoir", "питьевая система, гидратор"],
  ["filter", "filter, water filter, purifier", "фильтр, очиститель воды"],
  ["headlamp", "headlamp, head torch, flashlight, torch, lantern, lamp", "фонарь, фонарик, налобный фонарь, лампа"],
  ["battery", "battery, batteries, power bank, charger", "батарейка, батарейки, аккумулятор, пауэрбанк, зарядка, зарядное устройство"],
  ["knife", "knife, multitool, pocket knife", "нож, мультитул, ножик"],
  ["axe", "axe, hatchet, saw", "топор, топорик, пила"],
  ["rope", "rope, cord, paracord", "веревка, шнур, репшнур"],
  ["poles", "trekking poles, hiking poles, poles, walking sticks", "палки, трекинговые палки, скандинавские палки"],
  ["compass", "compass, navigator, gps", "компас, навигатор"],
  ["map", "map", "карта местности"],
  ["firstaid", "first aid kit, first aid, medkit", "аптечка, аптечка первой помощи"],
  ["repellent", "insect repellent, repellent, mosquito", "репеллент, средство от комаров, комар, комары"],
  ["sunscreen", "sunscreen, sun cream, spf, sunblock", "солнцезащитный крем, крем от солнца"],
  ["firestarter", "fire starter, matches, lighter, firesteel", "огниво, спички, зажигалка, розжиг"],
  ["helmet", "helmet", "шлем, каска"],
  ["harness", "harness, carabiner", "страховочная система, карабин"],
  ["skis", "skis, ski", "лыжи, лыжа"],
  ["snowboard", "snowboard", "сноуборд"],
  ["snowshoes", "snowshoes", "снегоступы"],
  ["crampons", "crampons, microspikes, ice cleats", "кошки, ледоступы"],
  ["bicycle", "bicycle, bike, cycling", "велосипед, велоспорт, велосипедный"],
  ["boat", "kayak, canoe, boat, paddle, sup board", "каяк, байдарка, лодка, весло, сапборд"],
  ["fishing", "fishing, fishing rod, angling", "рыбалка, удочка, спиннинг, рыболовный"],
  ["binoculars", "binoculars", "бинокль"],
  ["cooler", "cooler, cool box, ice box", "холодильник, термосумка, сумка-холодильник"],
  ["food", "food, snack, meal, freeze-dried", "еда, питание, перекус, сублиматы"],
  ["tableware", "plate, bowl, dishes", "тарелка, миска, посуда"],
  // Home, electronics, misc goods
  ["towel", "towel", "полотенце"],
  ["bedding", "bedding, sheets, duvet cover", "постельное белье, простыня, пододеяльник"],
  ["phone", "phone, smartphone, mobile", "телефон, смартфон"],
  ["headphones", "headphones, earphones, earbuds, headset", "наушники, гарнитура"],
  ["laptop", "laptop, notebook computer, computer", "ноутбук, компьютер"],
  ["cosmetics", "cosmetics, makeup, skincare", "косметика, уход за кожей"],
  ["perfume", "perfume, fragrance", "духи, парфюм, аромат"],
  ["toy", "toy, toys, game", "игрушка, игрушки, игра"],
  ["book", "book", "книга"],
  ["decor", "decoration, decor, ornament", "украшение, декор"],
  // Attributes: weather and protection
  ["waterproof", "waterproof, water-resistant, water resistant, water repellent, rainproof", "водонепроницаемый, непромокаемый, влагостойкий, водоотталкивающий, не промокает"],
  ["windproof", "windproof, wind resistant", "ветрозащитный, непродуваемый, ветронепроницаемый"],
  ["breathable", "breathable, membrane, ventilation", "дышащий, мембрана, мембранный, вентиляция"],
  ["insulated", "insulated, insulation, padded, lined", "утепленный, утеплитель, утепление, подкладка"],
  ["warm", "warm, warmth, heat, hot", "теплый, тепло, согреть, греть, горячий"],
  ["cool", "cool, cooling", "прохладный, охлаждающий"],
  ["cold", "cold, frost, freezing, chill", "холод, холодный, мороз, морозный, замерзнуть, мерзнуть"],
  ["rain", "rain, rainy, wet", "дождь, дождливый, мокрый, сырость, промокнуть"],
  ["snow", "snow, snowy", "снег, снежный"],
  ["wind", "wind, windy", "ветер, ветреный"],
  ["sun", "sun, sunny, uv", "солнце, солнечный, ультрафиолет"],
  ["ice", "ice, icy", "лед, гололед, ледяной"],
  ["heat", "summer heat, hot weather", "жара, жаркий, зной"],
  ["winter", "winter, wintertime", "зима, зимний, зимой"],
  ["summer", "summer", "летний, летняя"],
  ["spring", "spring", "весна, весенний, весной"],
  ["autumn", "autumn, fall", "осень, осенний, осенью"],
  ["season", "all-season, all season, season", "всесезонный, сезон, демисезонный"],
  ["night", "night, dark, darkness", "ночь, ночью, темнота, темно"],
  ["mountain", "mountain, mountains, alpine", "горы, гора, горный, альпинизм"],
  ["forest", "forest, woods", "лес, лесной"],
  ["water", "water", "вода"],
  // Attributes: construction and fit
  ["lightweight", "lightweight, ultralight, featherweight", "легкий, облегченный, ультралегкий"],
  ["heavy", "heavy, heavy-duty", "тяжелый"],
  ["weight", "weight, weighs, grams, kg", "весит, масса, граммы, грамм, кг"],
  ["capacity", "capacity, volume, litres, liters, litre, liter", "объем, вместимость, литр, литров"],
  ["size", "size, sizes, sizing", "размер, размеры, размерная сетка, размерный ряд"],
  ["sizechart", "size chart, size guide", "таблица размеров, размерная сетка"],
  ["length", "length, long", "длина, длинный"],
  ["short", "short", "короткий"],
  ["width", "width, wide", "ширина, широкий"],
  ["narrow", "narrow, slim", "узкий"],
  ["large", "large, big, oversized, xl", "большой, крупный"],
  ["small", "small, compact, mini, little", "маленький, компактный, небольшой"],
  ["durable", "durable, sturdy, tough, robust, hard-wearing", "прочный, износостойкий, крепкий, надежный"],
  ["soft", "soft, cozy, comfortable, comfort", "мягкий, уютный, удобный, комфорт"],
  ["packable", "packable, foldable, folding, collapsible", "складной, складывается, компактно"],
  ["adjustable", "adjustable", "регулируемый, регулировка"],
  ["hood", "hood, hooded", "капюшон"],
  ["zipper", "zipper, zip", "молния"],
  ["pocket", "pocket, pockets", "карман, карманы"],
  ["sleeve", "sleeve, sleeves, sleeveless", "рукав, рукава"],
  ["collar", "collar", "воротник"],
  ["seams", "seams, taped seams", "швы, проклеенные швы"],
  ["reflective", "reflective, hi-vis, high visibility", "светоотражающий, световозвращающий"],
  ["nonslip", "non-slip, anti-slip, grip", "нескользящий, противоскользящий, сцепление"],
  // Materials
  ["down", "down, goose down, duck down", "пух, пуховый, гусиный пух"],
  ["wool", "wool, merino, woollen, wool blend", "шерсть, шерстяной, мериносовый, мерино"],
  ["cotton", "cotton", "хлопок, хлопковый, хлопчатобумажный"],
  ["linen", "linen", "лен, льняной"],
  ["silk", "silk", "шелк, шелковый"],
  ["leather", "leather, suede, nubuck", "кожа, кожаный, замша, нубук"],
  ["synthetic", "synthetic, polyester, nylon, polyamide", "синтетика, синтетический, полиэстер, нейлон, полиамид"],
  ["rubber", "rubber, silicone", "резина, резиновый, силикон"],
  ["metal", "steel, stainless steel, aluminium, aluminum, titanium, metal", "сталь, нержавеющая сталь, алюминий, титан, металл"],
  ["carbon", "carbon, carbon fibre, carbon fiber", "карбон, карбоновый"],
  ["plastic", "plastic", "пластик, пластиковый"],
  ["wood", "wood, wooden, bamboo", "дерево, деревянный, бамбук"],
  ["glass", "glass", "стекло, стеклянный"],
  ["fur", "fur, faux fur, sherpa", "мех, меховой, искусственный мех"],
  // Colours
  ["black", "black", "черный"],
  ["white", "white", "белый"],
  ["red", "red", "красный"],
  ["blue", "blue, navy", "синий, голубой"],
  ["green", "green, olive, khaki", "зеленый, оливковый, хаки"],
  ["yellow", "yellow", "желтый"],
  ["orange", "orange", "оранжевый"],
  ["grey", "grey, gray", "серый"],
  ["brown", "brown, beige, tan", "коричневый, бежевый"],
  ["pink", "pink", "розовый"],
  ["purple", "purple, violet", "фиолетовый, сиреневый"],
  ["colour", "colour, color, colours, colors", "цвет, цвета, расцветка"],
  // People
  ["kids", "kids, children, child, kid, baby, toddler, junior, boys, girls", "детский, дети, ребенок, ребенка, малыш, мальчик, девочка"],
  ["women", "women, womens, woman, ladies, female", "женский, женщина, женщин, для женщин"],
  ["men", "men, mens, man, male", "мужской, мужчина, мужчин, для мужчин"],
  ["unisex", "unisex", "унисекс"],
  ["family", "family", "семья, семейный"],
  ["person", "person, persons, people, seater", "человек, человека"],
  ["gift", "gift, present", "подарок, подарить"],
  // Activities
  ["hiking", "hiking, hike, trekking, trek, backpacking, trail, walking", "поход, походный, трекинг, треккинг, трекинговый, туризм, турист, туристический, тропа, прогулка"],
  ["camping", "camping, camp, campsite", "кемпинг, лагерь, стоянка, на природе"],
  ["climbing", "climbing, bouldering, mountaineering", "скалолазание, альпинизм, восхождение, боулдеринг"],
  ["running", "running, jogging, run, runner", "бег, беговой, пробежка"],
  ["skiing", "skiing, ski touring", "лыжный, катание на лыжах, горные лыжи"],
  ["travel", "travel, trip, journey, vacation, holiday", "путешествие, поездка, отпуск"],
  ["swimming", "swimming, swim, beach", "плавание, пляж, купание"],
  ["sport", "sport, sports, fitness, training, workout, gym", "спорт, спортивный, фитнес, тренировка, спортзал"],
  ["city", "office, commute, everyday, city, urban", "офис, город, городской, повседневный, каждый день"],
  ["sleep", "sleep, sleeping", "сон, спать"],
  ["cooking", "cooking, cook", "готовить, приготовить, готовка, приготовление"],
  ["hunting", "hunting", "охота"],
  // Commerce and customer service
  ["price", "price, cost, pricing, costs", "цена, стоимость, сколько стоит, цены"],
  ["cheap", "cheap, budget, affordable, inexpensive", "дешевый, недорогой, бюджетный, недорого, дешево"],
  ["expensive", "expensive, premium, luxury", "дорогой, премиальный, люкс"],
  ["discount", "discount, sale, sales, promo code, promo, coupon, offer, deal", "скидка, распродажа, промокод, акция, купон, скидки"],
  ["delivery", "delivery, shipping, ship, courier, deliver", "доставка, доставить, курьер, отправка, доставки"],
  ["pickup", "pickup, pick up, click and collect, collect in store", "самовывоз, пункт выдачи, забрать"],
  ["post", "post office, mail, parcel, package", "почта, посылка, отправление"],
  ["tracking", "tracking, track order, tracking number", "трек-номер, отслеживание, отследить"],
  ["international", "international, abroad, worldwide", "международная, за границу, за рубеж"],
  ["return", "return, returns, refund, money back, send back", "возврат, вернуть, возврат денег, возвращение"],
  ["exchange", "exchange, swap, replace, replacement", "обмен, обменять, замена"],
  ["payment", "payment, pay, paying, checkout", "оплата, оплатить, платеж, платить"],
  ["card", "card, credit card, debit card, bank card, visa, mastercard", "банковская карта, картой, карта, кредитная карта"],
  ["cash", "cash, cash on delivery", "наличные, наличными, наложенный платеж"],
  ["installments", "installments, instalments, split payment, credit", "рассрочка, кредит, частями"],
  ["invoice", "invoice, receipt, bill", "счет, чек, квитанция"],
  ["warranty", "warranty, guarantee", "гарантия, гарантийный"],
  ["repair", "repair, fix, service", "ремонт, починить, починка, сервис"],
  ["defect", "defect, defective, broken, damaged, faulty", "брак, дефект, сломался, поврежден, бракованный"],
  ["order", "order, orders, purchase", "заказ, заказать, покупка, оформить заказ"],
  ["cancel", "cancel, cancellation", "отменить, отмена"],
  ["giftcard", "gift card, gift certificate, voucher, gift voucher", "подарочный сертификат, сертификат, подарочная карта"],
  ["stock", "in stock, availability, available, stock", "в наличии, наличие, есть в наличии"],
  ["outofstock", "out of stock, sold out, unavailable", "нет в наличии, закончился, распродан"],
  ["restock", "restock, back in stock, preorder, pre-order", "поступление, предзаказ, поступит"],
  ["store", "store, shop, showroom, outlet", "магазин, шоурум"],
  ["hours", "opening hours, working hours, schedule", "часы работы, режим работы, график работы"],
  ["address", "address, location, directions", "адрес, где находится, как добраться"],
  ["contact", "contact, support, customer service, phone number, email", "контакты, поддержка, связаться, служба поддержки, телефон"],
  ["account", "account, sign in, login, register, profile", "аккаунт, личный кабинет, войти, регистрация, профиль"],
  ["privacy", "privacy, personal data, data protection", "конфиденциальность, персональные данные"],
  ["terms", "terms, conditions, terms of service, policy, rules", "условия, правила, политика, оферта"],
  ["loyalty", "loyalty, bonus, points, rewards", "бонусы, баллы, программа лояльности, кэшбэк"],
  ["wholesale", "wholesale, bulk order, b2b", "опт, оптом, оптовый"],
  ["care", "care, washing, wash, cleaning, laundry", "уход, стирка, стирать, чистка"],
  ["new", "new, new arrivals, latest", "новый, новинка, новинки"],
  ["bestseller", "bestseller, popular, best seller, top rated", "хит, популярный, бестселлер"],
  ["recommend", "recommend, suggest, advice, best", "посоветуйте, порекомендуйте, совет, лучший"],
  ["quality", "quality", "качество, качественный"],
  ["brand", "brand, manufacturer", "бренд, производитель, производство"],
  ["free", "free, free of charge", "бесплатно, бесплатный"],
];

export interface Concept {
  id: string;
  /** English entries, preferred first. */
  en: readonly string[];
  /** Russian entries, preferred first. */
  ru: readonly string[];
}

export interface ConceptMatch {
  /** Index of the first matched word in the content-word list. */
  start: number;
  /** Words matched (1 for a word, more for a phrase). */
  length: number;
  concepts: readonly Concept[];
}

const split = (list: string) => list.split(",").map((entry) => entry.trim()).filter(Boolean);

export const CONCEPTS: readonly Concept[] = GROUPS.map(([id, en, ru]) => ({ id, en: split(en), ru: split(ru) }));

/** Longest phrase in the lexicon, in content words. */
export let MAX_PHRASE_WORDS = 1;

/** Stem key ("stem" or "stem1 stem2") -> concepts containing that word or phrase. */
const INDEX = new Map<string, Concept[]>();
/** Stems that start a phrase, so the matcher only builds phrase keys where one can match. */
const PHRASE_STARTS = new Set<string>();

for (const concept of CONCEPTS) {
  for (const entry of [...concept.en, ...concept.ru]) {
    const stems = contentWords(entry).map(stem);
    if (!stems.length) continue;
    const key = stems.join(" ");
    const list = INDEX.get(key);
    if (!list) INDEX.set(key, [concept]);
    else if (!list.includes(concept)) list.push(concept);
    if (stems.length > 1) {
      PHRASE_STARTS.add(stems[0]);
      MAX_PHRASE_WORDS = Math.max(MAX_PHRASE_WORDS, stems.length);
    }
  }
}

/**
 * Concepts named by a list of stems (as contentWords + stem produce them), longest match first:
 * "спальный мешок" is one match of the sleeping-bag concept, not "спальный" plus "мешок"; a word
 * inside a matched phrase does not also match on its own ("gift card" is not "card").
 */
export function matchStems(stems: readonly string[], visit: (start: number, length: number, concepts: readonly Concept[]) => void): void {
  for (let i = 0; i < stems.length; ) {
    let matched = 0;
    if (PHRASE_STARTS.has(stems[i])) {
      for (let n = Math.min(MAX_PHRASE_WORDS, stems.length - i); n >= 2 && !matched; n--) {
        const concepts = INDEX.get(stems.slice(i, i + n).join(" "));
        if (concepts) {
          visit(i, n, concepts);
          matched = n;
        }
      }
    }
    if (!matched) {
      const concepts = INDEX.get(stems[i]);
      if (concepts) visit(i, 1, concepts);
      matched = 1;
    }
    i += matched;
  }
}

/** Concept matches of a text, by its content words. */
export function matchConcepts(text: string): ConceptMatch[] {
  const matches: ConceptMatch[] = [];
  matchStems(contentWords(text).map(stem), (start, length, concepts) => matches.push({ start, length, concepts }));
  return matches;
}

/** Concepts a word or phrase belongs to (empty when none). */
export function conceptsOf(text: string): readonly Concept[] {
  return INDEX.get(contentWords(text).map(stem).join(" ")) ?? [];
}
