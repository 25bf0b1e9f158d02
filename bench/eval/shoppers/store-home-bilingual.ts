/**
 * «Дом и лён / Home & Linen»: a bilingual (ru/en) home-goods store (RUB). Some products are named in
 * Russian, some in English; categories carry a tag in both languages, as a bilingual store's would.
 */
import { product, type StoreFixture, type VariantRow } from "./compact";

const p = (id: string, sku: string, name: string, tags: string[], description: string, variants: VariantRow[]) => product("RUB", "Дом и лён", id, sku, name, tags, description, variants);
const BED = (single: number, double: number, euro: number, euroAvailable = true): VariantRow[] => [["1,5-спальный", "15", single, true], ["2-спальный", "20", double, true], ["Евро", "EU", euro, euroAvailable]];

export const HOME_STORE: StoreFixture = {
  key: "home-bilingual",
  name: "Дом и лён / Home & Linen",
  contact: { email: "hello@domilen.example", phone: "+7 495 777-10-20" },
  payload: {
    products: [
      p("h01", "BL-100", "Комплект постельного белья Лён Натуральный", ["постельное бельё", "bed linen", "лён"], "Стираный лён 100%, плотность 125 г/м². Цвет натуральный серо-бежевый. В комплекте пододеяльник, простыня и две наволочки 50×70.", BED(7990, 9490, 10990)),
      p("h02", "BL-110", "Комплект постельного белья Сатин Белый", ["постельное бельё", "bed linen", "сатин", "хлопок"], "Хлопковый сатин 300 нитей, белый. Гладкий и прохладный.", BED(4990, 5990, 6490, false)),
      p("h03", "BL-120", "Percale Bedding Set Sage", ["bed linen", "постельное бельё", "percale", "cotton"], "Crisp cotton percale in sage green, 200 thread count.", [["Single", "S", 4490, true], ["Double", "D", 5490, true], ["King", "K", 6290, false]]),
      p("h04", "BL-130", "Детский комплект Звёздочки", ["постельное бельё", "bed linen", "детское"], "Бязь 100% хлопок, рисунок звёзды, для детской кровати 120×60.", [["Детский", "", 2490, true, 2990]]),
      p("h05", "DV-100", "Одеяло всесезонное Облако", ["одеяла", "blankets", "duvets"], "Наполнитель микроволокно, 300 г/м², чехол из хлопка. Можно стирать при 40 °C.", [["140×205", "140", 3990, true], ["172×205", "172", 4690, true], ["200×220", "200", 5490, false]]),
      p("h06", "DV-110", "Wool Winter Duvet", ["duvets", "одеяла", "blankets", "winter"], "Merino wool fill 450 g/m² for cold bedrooms, cotton cover. The warmest duvet we sell.", [["140×205", "140", 8990, true], ["200×220", "200", 11990, true]]),
      p("h07", "DV-120", "Лёгкое летнее одеяло Бриз", ["одеяла", "blankets", "duvets", "лето"], "Тонкое одеяло из эвкалиптового волокна, 150 г/м², для жарких ночей.", [["140×205", "140", 3290, true], ["200×220", "200", 4290, true]]),
      p("h08", "PL-100", "Подушка Пух-перо", ["подушки", "pillows"], "Наполнитель 30% пух, 70% перо, чехол тик. Средняя высота.", [["50×70", "50", 2490, true], ["70×70", "70", 2990, false]]),
      p("h09", "PL-110", "Memory Foam Pillow", ["pillows", "подушки", "orthopedic"], "Contoured memory foam pillow for side and back sleepers, 60×40×12 cm.", [["60×40", "", 3590, true]]),
      p("h10", "TW-100", "Полотенце махровое Плотное", ["полотенца", "towels", "ванная"], "Египетский хлопок, 600 г/м².", [["Белый / 50×90", "WH-50", 990, true], ["Белый / 70×140", "WH-70", 1790, true], ["Серый / 50×90", "GR-50", 990, true], ["Серый / 70×140", "GR-70", 1790, false], ["Синий / 50×90", "BL-50", 990, false], ["Синий / 70×140", "BL-70", 1790, true]]),
      p("h11", "TW-110", "Waffle Kitchen Towels, set of 3", ["towels", "полотенца", "kitchen"], "Linen-cotton waffle weave, 45×70 cm each.", [["Natural", "NA", 1290, true], ["Terracotta", "TC", 1290, true]]),
      p("h12", "TW-120", "Банный халат Вафля", ["халаты", "bathrobes", "ванная"], "Вафельный хлопок, лёгкий, с поясом и карманами.", [["S/M", "SM", 3490, true], ["L/XL", "LX", 3490, false]]),
      p("h13", "KT-100", "Сковорода чугунная Сибирь", ["сковороды", "pans", "кухня", "cookware"], "Литой чугун, подходит для индукции и духовки. Вес 2,6 кг (26 см).", [["22 см", "22", 2690, true], ["26 см", "26", 3290, true], ["28 см", "28", 3790, false]]),
      p("h14", "KT-110", "Non-Stick Frying Pan Lite", ["pans", "сковороды", "cookware", "кухня"], "Aluminium pan with a ceramic non-stick coating, induction base. Weight 0.9 kg (26 cm) — the lightest pan we sell.", [["24 cm", "24", 2190, true, 2590], ["28 cm", "28", 2590, true, 2990]]),
      p("h15", "KT-120", "Кастрюля из нержавеющей стали 4 л", ["кастрюли", "pots", "кухня", "cookware"], "Нержавеющая сталь, трёхслойное дно, стеклянная крышка. Объём 4 л.", [["4 л", "", 3490, true]]),
      p("h16", "KT-130", "Cast Iron Dutch Oven 5 L", ["pots", "кастрюли", "cookware", "enamel"], "Enamelled cast iron casserole, 5 L, oven-safe to 250 °C.", [["Red", "RD", 8990, true], ["Blue", "BL", 8990, false], ["Cream", "CR", 8990, true]]),
      p("h17", "KT-140", "Нож шеф-повара Дамаск", ["ножи", "knives", "кухня"], "Клинок 20 см из дамасской стали, рукоять из ореха.", [["20 см", "", 5990, true]]),
      p("h18", "KT-150", "Разделочная доска из дуба", ["доски", "cutting boards", "кухня"], "Торцевая доска из дуба, пропитана маслом.", [["30×20", "S", 1890, true], ["40×30", "L", 2890, true]]),
      p("h19", "TB-100", "Кружка керамическая Ручная работа", ["кружки", "mugs", "посуда", "tableware"], "Керамика ручной работы, 350 мл, можно в посудомоечную машину.", [["Белая", "WH", 790, true], ["Зелёная", "GN", 790, true], ["Синяя", "BL", 790, false]]),
      p("h20", "TB-110", "Stoneware Dinner Set, 12 pieces", ["tableware", "посуда", "plates"], "Four dinner plates, four side plates and four bowls in speckled stoneware.", [["Grey", "GR", 7490, true], ["Sand", "SD", 7490, true]]),
      p("h21", "TB-120", "Бокалы для вина, 4 шт.", ["бокалы", "glasses", "посуда"], "Тонкое стекло, 450 мл каждый.", [["4 шт.", "", 2290, true]]),
      p("h22", "TB-130", "Льняная скатерть Праздник", ["скатерти", "tablecloths", "лён"], "Лён 100%, с мережкой по краю.", [["140×180", "180", 3490, true], ["140×250", "250", 4490, false]]),
      p("h23", "DC-100", "Свеча ароматическая Хвоя", ["свечи", "candles", "декор"], "Соевый воск, деревянный фитиль, 40 часов горения, 200 г.", [["Хвоя", "PN", 1190, true]]),
      p("h24", "DC-110", "Scented Candle Trio", ["candles", "свечи", "decor", "подарки"], "Three 100 g soy candles: lavender, fig, sea salt. 25 hours each.", [["Trio", "", 2490, true, 2990]]),
      p("h25", "DC-120", "Ваза из цветного стекла", ["вазы", "vases", "декор"], "Выдувное стекло, высота 25 см.", [["Янтарная", "AM", 2190, true], ["Дымчатая", "SM", 2190, false]]),
      p("h26", "DC-130", "Плед вязаный Уют", ["пледы", "throws", "декор"], "Крупная вязка, 50% шерсть, 130×170 см.", [["Молочный", "MK", 4490, true], ["Горчичный", "MU", 4490, false], ["Графит", "GR", 4490, true]]),
      p("h27", "LT-100", "Настольная лампа Nordic", ["лампы", "lamps", "освещение", "lighting"], "Основание из ясеня, льняной абажур, цоколь E27, высота 45 см.", [["45 см", "", 5490, true]]),
      p("h28", "LT-110", "Rattan Pendant Light", ["lamps", "лампы", "lighting", "освещение"], "Hand-woven rattan shade, 40 cm diameter, E27.", [["40 cm", "", 6990, false]]),
      p("h29", "ST-100", "Корзина из джута", ["хранение", "storage", "корзины"], "Плетёная корзина с ручками для пледов и игрушек.", [["S (30 см)", "S", 1490, true], ["M (40 см)", "M", 1990, true], ["L (50 см)", "L", 2490, true]]),
      p("h30", "ST-110", "Vacuum Storage Bags, 6 pack", ["storage", "хранение"], "Six bags for duvets and winter clothes, hand pump included.", [["6 pack", "", 1290, true]]),
      p("h31", "CR-100", "Шторы блэкаут Графит", ["шторы", "curtains"], "Плотная ткань блэкаут, не пропускает свет, на люверсах, 2 полотна.", [["145×260", "260", 4990, true], ["145×280", "280", 5290, false]]),
      p("h32", "CR-110", "Linen Curtains Natural", ["curtains", "шторы", "лён"], "Semi-sheer washed linen panels with a rod pocket, 2 panels.", [["140×260", "260", 6490, true]]),
    ],
    faq: [
      { id: "hfaq-tracking", question: "Как отследить заказ? / How do I track my order?", answer: "Трек-номер приходит в SMS и на почту в день отправки; статус заказа — в личном кабинете, раздел «Заказы». The tracking number is sent by SMS and email on the day we ship; you can follow the order status in your account under Orders." },
      { id: "hfaq-delivery", question: "Сколько стоит доставка? / How much is delivery?", answer: "Курьер по Москве — 350 ₽, по России в пункты выдачи — 300 ₽, бесплатно от 7000 ₽. Moscow courier 350 RUB, pickup points across Russia 300 RUB, free from 7000 RUB." },
      { id: "hfaq-linen-care", question: "Как стирать льняное бельё?", answer: "Стирать при 40 °C, без отбеливателя, сушить в расправленном виде. Лён садится не больше чем на 3%, потому что ткань уже стираная." },
      { id: "hfaq-sizes", question: "Which bedding size do I need? / Какой размер белья выбрать?", answer: "1,5-спальный — для одеяла 140×205, 2-спальный — 172×205, Евро — 200×220. Single fits a 140×205 duvet, Double 172×205 (200×200), King 200×220." },
      { id: "hfaq-gift", question: "Do you do gift wrapping? / Есть подарочная упаковка?", answer: "Yes, 250 RUB per order, in a linen bag with a card. Да, 250 ₽ за заказ, в льняном мешочке с открыткой." },
    ],
    policies: [
      { id: "hpolicy-returns-ru", title: "Возврат и обмен", content: "Товар надлежащего качества можно вернуть в течение 30 дней, если сохранены упаковка и ярлыки. Постельное бельё и подушки в вскрытой упаковке возврату не подлежат. Деньги возвращаем в течение 7 дней.", url: "/policies/returns-ru" },
      { id: "hpolicy-returns-en", title: "Returns", content: "Items in their original packaging with tags can be returned within 30 days. Opened bedding and pillows cannot be returned for hygiene reasons. Refunds within 7 days.", url: "/policies/returns-en" },
      { id: "hpolicy-shipping", title: "Доставка / Shipping", content: "Доставляем по России за 1–7 дней. Крупногабаритные товары (шторы, посуда наборами) — курьером. We deliver across Russia in 1–7 days.", url: "/policies/shipping" },
    ],
  },
};
