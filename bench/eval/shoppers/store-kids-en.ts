/**
 * "Little Acorn": a kids' toys and clothes shop in Riga (EUR), written for the unseen2 split by an outside
 * evaluator. English by default (the shop's `defaultLanguage` is "en") with an English catalog; many of its
 * shoppers speak Russian, so the order, delivery and contact FAQ entries carry a Russian translation and the
 * returns policy has a Russian version. Clothes are sized by height (cm), shoes by EU size, helmets by head
 * size; sizes and colours are variants with their own SKU, price and stock.
 */
import { product, type StoreFixture, type VariantRow } from "./compact";

const p = (vendor: string, id: string, sku: string, name: string, tags: string[], description: string, variants: VariantRow[]) =>
  product("EUR", vendor, id, sku, name, tags, description, variants);
const ONE = (price: number, available = true, compareAtPrice?: number): VariantRow[] =>
  compareAtPrice === undefined ? [["One size", "", price, available]] : [["One size", "", price, available, compareAtPrice]];

export const KIDS_STORE: StoreFixture = {
  key: "kids-en",
  name: "Little Acorn",
  contact: { email: "hello@littleacorn.example", phone: "+371 6700 1234" },
  defaultLanguage: "en",
  payload: {
    products: [
      // Baby and toddler toys
      p("Beech & Bloom", "k01", "TY-101", "Wooden Rainbow Stacker", ["toys", "wooden toys", "baby & toddler", "ages 1+"], "Seven nesting arches of solid beech, painted with water-based colours. Stack them, build tunnels and bridges, or line them up by size. From 12 months.", [["Rainbow", "RB", 24.9, true], ["Pastel", "PS", 24.9, false]]),
      p("Beech & Bloom", "k02", "TY-102", "Wooden Shape Sorter Cube", ["toys", "wooden toys", "baby & toddler", "ages 1+"], "A beech cube with twelve chunky shapes to post through matching holes; the lid lifts off to get them back. From 12 months.", ONE(19.5)),
      p("Beech & Bloom", "k46", "TY-103", "Wooden Peg Puzzle: Vehicles", ["puzzles & games", "puzzles", "wooden toys", "baby & toddler", "ages 18 months+"], "Eight vehicles with big wooden knobs, easy for small hands to lift out and fit back in. From 18 months.", ONE(9.9)),
      p("Little Acorn", "k07", "SF-201", "Bunny Comforter Blanket", ["toys", "soft toys", "baby & toddler", "newborn"], "A soft organic cotton square with a bunny head, safe from birth. Machine washable at 30 °C.", [["Grey", "GR", 12.9, true], ["Pink", "PK", 12.9, true]]),
      p("Little Acorn", "k06", "SF-202", "Plush Fox Finn", ["toys", "soft toys", "plush", "ages 0+"], "A cuddly fox with a long bushy tail, embroidered eyes, safe from birth.", [["25 cm", "25", 14.9, true], ["40 cm", "40", 22.9, false]]),
      p("Little Acorn", "k47", "SF-203", "Plush Whale Wally", ["toys", "soft toys", "plush", "ages 0+"], "A 30 cm blue whale made from recycled polyester, machine washable. Safe from birth.", ONE(16.9)),
      p("Little Acorn", "k44", "BB-301", "Silicone Teether Ring", ["baby & toddler", "teething", "newborn"], "Food-grade silicone ring with bumpy textures to soothe sore gums; cool it in the fridge (never the freezer) for extra relief. From 3 months.", [["Sage", "SG", 7.9, true], ["Peach", "PC", 7.9, true]]),
      p("Little Acorn", "k40", "BB-302", "Welcome Baby Gift Box", ["gifts", "baby & toddler", "newborn"], "A ready-to-give present for a newborn: an organic cotton bodysuit (0–3 months), the grey bunny comforter, two muslin squares and a greeting card, packed in a keepsake box.", ONE(44.9)),
      p("Moonbeam", "k43", "NR-401", "Moon Night Light", ["nursery", "night lights", "lighting"], "A glowing moon for children who are afraid of the dark: a soft warm light that dims slowly and switches itself off after 30 minutes. Recharges over USB-C, 12 hours per charge, cool to the touch.", ONE(18.9)),

      // Building, STEM and science
      p("Brightmind", "k03", "TY-110", "Magnetic Building Tiles", ["toys", "construction", "STEM", "ages 3+"], "Translucent magnetic tiles that click together into houses, towers and rockets. Strong magnets sealed in, rounded edges. For ages 3+.", [["32 pieces", "32", 29.9, true], ["60 pieces", "60", 49.9, true, 59.9], ["100 pieces", "100", 79.9, false]]),
      p("Brightmind", "k04", "TY-111", "Brick Builder Starter Box, 500 pieces", ["toys", "construction", "building bricks", "ages 4+"], "500 bricks in 30 colours with wheels, windows and doors, in a storage box with a building plate on the lid. Fits the major brick brands. For ages 4+.", ONE(27.9)),
      p("Brightmind", "k05", "TY-112", "Marble Run Deluxe, 120 pieces", ["toys", "construction", "STEM", "ages 6+"], "Tracks, funnels, a spiral and a lift to build runs up to a metre high. 20 glass marbles included. For ages 6+.", ONE(39.9, false)),
      p("Brightmind", "k23", "SC-501", "Junior Science Kit: Grow Your Own Crystals", ["STEM", "science kits", "ages 8+"], "Grow seven coloured crystals in a week and learn why they form. Goggles and step-by-step booklet included. For ages 8+ with adult supervision.", ONE(26.9)),
      p("Brightmind", "k24", "SC-502", "Kids' Microscope 40x–640x", ["STEM", "science kits", "ages 8+"], "A real microscope for young explorers: look at insects, leaves, onion skin and salt crystals up close at 40x, 100x, 400x and 640x. LED lights above and below, prepared slides, tweezers and a carry case included. For ages 8+.", ONE(59)),

      // Dolls, trains and remote control
      p("Beech & Bloom", "k08", "TY-120", "Oak Lane Wooden Doll's House", ["toys", "dolls & doll's houses", "wooden toys", "ages 3+"], "Three floors, a staircase and 16 pieces of furniture, 70 cm tall. For ages 3+.", ONE(119, true, 139)),
      p("Little Acorn", "k09", "TY-121", "Rag Doll Mila", ["toys", "dolls & doll's houses", "ages 3+"], "A 35 cm cotton rag doll with woollen hair and a removable dress. For ages 3+.", ONE(21.9)),
      p("Beech & Bloom", "k10", "TY-122", "Wooden Train Set, 38 pieces", ["toys", "wooden toys", "trains", "ages 3+"], "Tracks, a bridge, a tunnel and a magnetic engine with two carriages. For ages 3+.", ONE(44.9)),
      p("Rollo", "k11", "TY-130", "Remote Control Off-Road Car", ["toys", "RC cars", "vehicles", "ages 8+"], "1:16 off-roader with 2.4 GHz control, up to 20 km/h, rechargeable battery (20 minutes of driving). For ages 8+.", [["Red", "RD", 54.9, true], ["Blue", "BL", 54.9, false]]),

      // Ride-ons and outdoor
      p("Rollo", "k12", "RD-601", "Balance Bike Scout", ["outdoor toys", "ride-ons", "balance bikes", "ages 2–5"], "A 3.2 kg aluminium balance bike for ages 2–5: seat height 30–40 cm, air-free tyres, steering limiter.", [["Mint", "MT", 79, true], ["Red", "RD", 79, true], ["Navy", "NV", 79, false]]),
      p("Rollo", "k13", "RD-602", "Glide 3-Wheel Kick Scooter", ["outdoor toys", "ride-ons", "scooters", "ages 3–6"], "Lean-to-steer scooter for ages 3–6 with light-up wheels, handlebar height 60–80 cm, takes up to 50 kg.", [["Pink", "PK", 49.9, true], ["Blue", "BL", 49.9, true]]),
      p("Rollo", "k45", "RD-603", "Push Trike 3-in-1", ["outdoor toys", "ride-ons", "trikes", "ages 10 months–3 years"], "Grows with your child from 10 months to 3 years: push handle and safety ring for the parent first, then pedals on their own.", ONE(89)),
      p("Rollo", "k14", "RD-610", "Kids' Bike Helmet", ["outdoor toys", "safety", "helmets"], "In-mould helmet with a rear LED light and a magnetic buckle that doesn't pinch. Sizes by head circumference: XS 46–50 cm, S 50–54 cm, M 54–58 cm.", [["XS (46–50 cm)", "XS", 29.9, true], ["S (50–54 cm)", "S", 29.9, true], ["M (54–58 cm)", "M", 32.9, false]]),
      p("Little Acorn", "k15", "OT-620", "Sand Play Set, 8 pieces", ["outdoor toys", "beach & sand", "ages 18 months+"], "Bucket, spade, rake, watering can, sieve and three moulds in recycled plastic. From 18 months.", ONE(12.5, true, 15.9)),

      // Puzzles and games
      p("Brightmind", "k16", "PZ-701", "Jigsaw Puzzle: World Map, 100 pieces", ["puzzles & games", "puzzles", "ages 6+"], "A 100-piece map of the world with animals and landmarks, 49×36 cm when finished. For ages 6+.", ONE(13.9)),
      p("Brightmind", "k17", "PZ-702", "Floor Puzzle: Farm Animals, 24 pieces", ["puzzles & games", "puzzles", "ages 3+"], "Extra-large, thick pieces make a 90 cm farm scene on the floor. For ages 3+.", ONE(11.9)),
      p("Brightmind", "k18", "GM-710", "Dragon Race Board Game", ["puzzles & games", "board games", "ages 5+"], "A family race game for 2–4 players: roll, fly your dragon over the mountains and collect gems. 20 minutes a game. For ages 5+.", ONE(24.9)),
      p("Brightmind", "k19", "GM-711", "Animal Memory Game, 48 cards", ["puzzles & games", "card games", "ages 3+"], "Find the pairs: 24 animal pairs on thick cards. For ages 3+.", ONE(9.9)),

      // Arts and crafts
      p("Colourbox", "k20", "AC-801", "Washable Crayons, 24 colours", ["arts & crafts", "drawing", "ages 3+"], "Chunky triangular crayons that wash off skin, walls and most fabrics. For ages 3+.", ONE(8.9)),
      p("Colourbox", "k21", "AC-802", "Modelling Dough Set, 10 tubs", ["arts & crafts", "modelling", "ages 2+"], "Soft, gluten-free dough in ten colours with cutters and a roller. For ages 2+.", ONE(15.9)),
      p("Colourbox", "k22", "AC-803", "Watercolour Paint Set with Brushes", ["arts & crafts", "painting", "ages 5+"], "Paint cakes in a metal tin with two brushes and a pad of thick paper. For ages 5+.", [["12 colours", "12", 11.9, true], ["24 colours", "24", 17.9, true]]),

      // Clothing (sizes by height, cm)
      p("Little Acorn", "k25", "CL-901", "Organic Cotton Bodysuits, 3-pack", ["clothing", "baby clothing", "bodysuits", "organic cotton"], "Three short-sleeve bodysuits in GOTS organic cotton with envelope shoulders and snaps at the bottom.", [["0–3 months", "0", 19.9, true], ["3–6 months", "3", 19.9, true], ["6–12 months", "6", 21.9, false], ["12–18 months", "12", 21.9, true]]),
      p("Little Acorn", "k26", "CL-902", "Footed Sleepsuit Stars", ["clothing", "baby clothing", "sleepwear"], "Organic cotton sleepsuit with a two-way zip and fold-over mitts.", [["0–3 months", "0", 16.9, true], ["3–6 months", "3", 16.9, false], ["6–9 months", "6", 16.9, true]]),
      p("Little Acorn", "k27", "CL-903", "Dino Pyjamas", ["clothing", "sleepwear", "pyjamas"], "Long-sleeve cotton pyjamas with glow-in-the-dark dinosaurs.", [["98–104 (2–4 years)", "98", 22.9, true], ["110–116 (4–6 years)", "110", 22.9, true], ["122–128 (6–8 years)", "122", 24.9, false]]),
      p("Puddlejump", "k28", "CL-910", "Splash Rain Jacket", ["clothing", "outerwear", "jackets", "rainwear"], "Fully waterproof jacket with taped seams, a fleece lining and reflective stripes. Sizes by height: 92, 104, 116, 128 cm.", [["Yellow / 92", "YL-92", 34.9, true], ["Yellow / 104", "YL-104", 34.9, true], ["Yellow / 116", "YL-116", 34.9, false], ["Yellow / 128", "YL-128", 38.9, true], ["Navy / 92", "NV-92", 34.9, true], ["Navy / 104", "NV-104", 34.9, true], ["Navy / 116", "NV-116", 34.9, true], ["Navy / 128", "NV-128", 38.9, false]]),
      p("Puddlejump", "k29", "CL-911", "Polar Winter Snowsuit", ["clothing", "outerwear", "winter"], "One-piece snowsuit for toddlers, warm down to −20 °C, with a detachable hood, foot straps and reflective trim. Sizes by height: 86–104 cm.", [["86", "86", 89, true, 109], ["92", "92", 89, true, 109], ["98", "98", 89, false, 109], ["104", "104", 89, true, 109]]),
      p("Little Acorn", "k30", "CL-920", "Fleece Hoodie", ["clothing", "tops", "fleece"], "Recycled fleece hoodie with a full zip, in forest green.", [["104", "104", 24.9, true], ["116", "116", 24.9, true], ["128", "128", 24.9, true], ["140", "140", 24.9, false]]),
      p("Little Acorn", "k31", "CL-921", "Slim Stretch Jeans", ["clothing", "trousers", "denim"], "Soft stretch denim with an adjustable waist.", [["110", "110", 27.9, true], ["122", "122", 27.9, true], ["134", "134", 27.9, true], ["146", "146", 29.9, true]]),
      p("Little Acorn", "k32", "CL-930", "Daisy Summer Dress", ["clothing", "dresses", "girls", "summer"], "Light cotton dress with a daisy print and pockets.", [["98", "98", 19.9, true, 26.9], ["110", "110", 19.9, true, 26.9], ["122", "122", 19.9, false, 26.9]]),
      p("Puddlejump", "k33", "CL-931", "Shark Swim Shorts UPF 50+", ["clothing", "swimwear", "boys", "summer"], "Quick-dry swim shorts with a mesh lining and UPF 50+ sun protection.", [["98", "98", 14.9, true], ["110", "110", 14.9, true], ["122", "122", 14.9, true]]),
      p("Little Acorn", "k34", "CL-940", "Merino Beanie & Mittens Set", ["clothing", "accessories", "winter", "merino"], "A soft merino wool beanie and thumbless mittens on a string.", [["1–3 years", "1", 22.9, true], ["4–6 years", "4", 22.9, true]]),
      p("Little Acorn", "k35", "CL-941", "Sun Hat with Neck Flap UPF 50+", ["clothing", "accessories", "summer", "hats"], "Cotton sun hat with a neck flap and a chin strap.", [["S (48 cm)", "S", 12.9, true], ["M (52 cm)", "M", 12.9, true]]),

      // Shoes (EU sizes)
      p("Tiptoe", "k36", "SH-950", "Barefoot First Shoes", ["shoes", "first shoes", "baby & toddler"], "Flexible leather first shoes with a thin non-slip sole for new walkers.", [["EU 19", "19", 39.9, true], ["EU 20", "20", 39.9, true], ["EU 21", "21", 39.9, false], ["EU 22", "22", 39.9, true]]),
      p("Tiptoe", "k37", "SH-951", "Light-Up Sneakers", ["shoes", "sneakers"], "Velcro sneakers with lights in the soles that flash at every step; the lights last about a year of wear.", [["EU 26", "26", 34.9, true], ["EU 28", "28", 34.9, true], ["EU 30", "30", 34.9, true], ["EU 32", "32", 36.9, false]]),
      p("Puddlejump", "k38", "SH-952", "Frog Wellington Boots", ["shoes", "rain boots", "wellies"], "Natural rubber wellies with frog eyes on the toes and pull-on handles.", [["EU 22", "22", 19.9, true], ["EU 24", "24", 19.9, true], ["EU 26", "26", 19.9, true], ["EU 28", "28", 19.9, false]]),
      p("Tiptoe", "k39", "SH-953", "Snowy Winter Boots −25 °C", ["shoes", "winter boots", "winter"], "Waterproof snow boots with a removable wool-blend liner, warm down to −25 °C.", [["EU 28", "28", 54.9, true], ["EU 30", "30", 54.9, false], ["EU 32", "32", 54.9, true], ["EU 34", "34", 57.9, true]]),

      // Bags and gifts
      p("Little Acorn", "k42", "BG-960", "Little Explorer Backpack 8 L", ["bags", "backpacks", "nursery school"], "A small backpack for ages 3–6 with a chest strap and a name tag inside.", [["Fox", "FX", 26.9, true], ["Whale", "WH", 26.9, false]]),
      p("Little Acorn", "k41", "GC-001", "Little Acorn Gift Card", ["gifts", "gift cards"], "An e-gift card emailed right after payment, valid for 12 months in the shop and online.", [["€20", "20", 20, true], ["€50", "50", 50, true], ["€100", "100", 100, true]]),
    ],
    faq: [
      {
        id: "kfaq-tracking",
        question: "How do I track my order? / Как отследить заказ?",
        answer:
          "As soon as your parcel leaves our warehouse we email you an Omniva or DPD tracking link; the order status is also under Account → My orders. If it still says Processing after 3 working days, write to hello@littleacorn.example with your order number. Как только посылка покинет склад, мы пришлём на e-mail ссылку для отслеживания Omniva или DPD; статус заказа виден в личном кабинете в разделе «Мои заказы». Если статус «В обработке» не меняется 3 рабочих дня, напишите на hello@littleacorn.example и укажите номер заказа.",
      },
      {
        id: "kfaq-shipping",
        question: "How much is delivery? / Сколько стоит доставка?",
        answer:
          "Latvia: Omniva parcel lockers €2.99 (1–2 working days), courier in Riga €4.99; free from €50. Estonia and Lithuania: €4.90, 2–4 working days. Other EU countries: €7.90, 3–7 working days, free from €90. Латвия: пакоматы Omniva — 2,99 € (1–2 рабочих дня), курьер по Риге — 4,99 €, бесплатно от 50 €. Эстония и Литва — 4,90 €, 2–4 рабочих дня. Другие страны ЕС — 7,90 €, 3–7 рабочих дней, бесплатно от 90 €.",
      },
      {
        id: "kfaq-cancel",
        question: "Can I change or cancel my order? / Можно изменить или отменить заказ?",
        answer:
          "Yes, within 1 hour of placing it: open Account → My orders and press Change or Cancel, or call +371 6700 1234. After that the order is being packed: you can refuse the parcel or return it within 30 days. Да, в течение 1 часа после оформления: «Мои заказы» → «Изменить» или «Отменить», или позвоните +371 6700 1234. Позже заказ уже собирается: посылку можно не забирать или вернуть в течение 30 дней.",
      },
      {
        id: "kfaq-sizes",
        question: "How do I choose a clothing or shoe size?",
        answer:
          "Clothes are sized by height in centimetres: 86 fits about 12–18 months, 92 about 18–24 months, 98 about 2–3 years, 104 about 3–4 years, 110 about 4–5 years, 116 about 5–6 years, 122 about 6–7 years, 128 about 7–8 years, 134–140 about 8–10 years and 146 about 10–11 years. Between sizes, take the bigger one. For shoes, measure the foot while your child stands and add 12 mm of growing room.",
      },
      { id: "kfaq-safety", question: "Are your toys safe?", answer: "Every toy we sell is CE-marked and tested to EN 71. Wooden toys are finished with water-based paints and beeswax. Toys with small parts are marked 3+ and are not suitable for children under 3." },
      { id: "kfaq-gift-wrap", question: "Do you gift wrap?", answer: "Yes, for €3.50 per order: recycled paper, a ribbon and a card with your message. We never put the receipt in a gift-wrapped parcel." },
      { id: "kfaq-pickup", question: "Can I collect my order in person?", answer: "Yes, free from our shop in Riga, Tērbatas iela 14, Monday to Saturday 10:00–19:00. Orders are ready in 2 hours; we text you when yours is ready and keep it for 7 days." },
      { id: "kfaq-payment", question: "How can I pay?", answer: "Visa, Mastercard, Apple Pay, Google Pay and bank link (Swedbank, SEB, Citadele, Luminor). Orders over €100 can be split into 3 interest-free payments. We don't take cash on delivery." },
      {
        id: "kfaq-russian",
        question: "Вы консультируете на русском? / Do you speak Russian?",
        answer: "Да: консультанты отвечают на русском, латышском и английском по будням с 9:00 до 18:00 — hello@littleacorn.example или +371 6700 1234. Yes: our team answers in Russian, Latvian and English on weekdays from 9:00 to 18:00.",
      },
      { id: "kfaq-schools", question: "Do you sell to kindergartens and schools?", answer: "Yes: kindergartens, schools and clubs get 10% off orders over €300 and can pay by invoice. Email b2b@littleacorn.example with what you need and your organisation's details." },
    ],
    policies: [
      {
        id: "kpolicy-returns",
        title: "Returns",
        content:
          "Unused items with their tags and original packaging can be returned within 30 days. Swimwear and teethers can only be returned unopened, for hygiene reasons. Returns by Omniva within Latvia are free; from other countries the buyer pays the return shipping. Refunds go to the original payment method within 14 days of the return reaching us.",
        url: "/policies/returns",
      },
      {
        id: "kpolicy-returns-ru",
        title: "Возврат",
        content:
          "Неиспользованный товар с ярлыками и в оригинальной упаковке можно вернуть в течение 30 дней. Купальники, плавки и прорезыватели возвращаются только нераспечатанными — по гигиеническим причинам. Возврат через Omniva по Латвии бесплатный, из других стран обратную доставку оплачивает покупатель. Деньги возвращаем тем же способом оплаты в течение 14 дней после получения возврата.",
        url: "/ru/policies/returns",
      },
      {
        id: "kpolicy-shipping",
        title: "Shipping Policy",
        content:
          "Orders placed before 14:00 on a working day ship the same day. We deliver to all EU countries; we do not ship to the UK, Switzerland, Norway or outside Europe. Delivery takes 1–2 working days in Latvia, 2–4 in Estonia and Lithuania and 3–7 in other EU countries.",
        url: "/policies/shipping",
      },
    ],
  },
};
