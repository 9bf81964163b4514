// The product catalog's source data: categories with their documented weights, real
// subcategories, brands and product lines, and the variants each line is sold in.
// `Catalog` expands it into products with stable ids (see Catalog.swift) and prices them from
// Resources/price_list.tsv.

// The seeds' types (`CategorySeed`, `SubcategorySeed`, `ProductLineSeed`) are in Catalog.swift.

private func line(_ brand: String, _ models: String) -> ProductLineSeed {
    let entries = models.split(separator: ";").map { entry -> (String, [String]?) in
        guard let open = entry.firstIndex(of: "["), entry.last == "]" else { return (String(entry), nil) }
        return (String(entry[..<open]), entry[entry.index(after: open)..<entry.index(before: entry.endIndex)].split(separator: ",").map(String.init))
    }
    return ProductLineSeed(brand: brand, models: entries.map(\.0), variants: entries.map(\.1))
}

let catalogSeeds: [CategorySeed] = [
    CategorySeed(slug: "electronics", name: "Electronics", weight: 0.25, subcategories: [
        SubcategorySeed(name: "Laptops", variants: ["8GB RAM", "16GB RAM"], lines: [
            line("Apple", "MacBook Air 13-inch;MacBook Air 15-inch;MacBook Pro 14-inch[16GB RAM,24GB RAM];MacBook Pro 16-inch[24GB RAM,48GB RAM]"),
            line("Dell", "XPS 13[16GB RAM,32GB RAM];XPS 15[16GB RAM,32GB RAM];Inspiron 15;Latitude 7440[16GB RAM,32GB RAM]"),
            line("Lenovo", "ThinkPad X1 Carbon[16GB RAM,32GB RAM];IdeaPad Slim 5;Yoga 7i;Legion 5 Pro[16GB RAM,32GB RAM]"),
            line("HP", "Spectre x360 14[16GB RAM,32GB RAM];Pavilion 15;EliteBook 840[16GB RAM,32GB RAM];Envy 16[16GB RAM,32GB RAM]"),
            line("ASUS", "Zenbook 14 OLED[16GB RAM,32GB RAM];ROG Zephyrus G14[16GB RAM,32GB RAM];Vivobook 15"),
            line("Microsoft", "Surface Laptop 7[16GB RAM,32GB RAM];Surface Pro 11[16GB RAM,32GB RAM]"),
        ]),
        SubcategorySeed(name: "Smartphones", variants: ["128GB", "256GB", "512GB"], lines: [
            line("Apple", "iPhone 16;iPhone 16 Plus;iPhone 16 Pro;iPhone 16 Pro Max[256GB,512GB];iPhone 15"),
            line("Samsung", "Galaxy S24[128GB,256GB];Galaxy S24 Ultra[256GB,512GB];Galaxy A55[128GB,256GB];Galaxy Z Flip6[256GB,512GB]"),
            line("Google", "Pixel 9[128GB,256GB];Pixel 9 Pro;Pixel 8a[128GB,256GB]"),
            line("Motorola", "moto g power[128GB];edge 2024[256GB]"),
            line("OnePlus", "12[256GB,512GB];Nord N30[128GB]"),
        ]),
        SubcategorySeed(name: "Headphones", variants: ["Black", "White"], lines: [
            line("Sony", "WH-1000XM5;WF-1000XM5;ULT Wear"),
            line("Bose", "QuietComfort Ultra Headphones;QuietComfort Ultra Earbuds"),
            line("Apple", "AirPods Pro 2[White];AirPods 4[White];AirPods Max"),
            line("Sennheiser", "Momentum 4 Wireless"),
            line("JBL", "Tune 770NC;Live Pro 2"),
            line("Beats", "Studio Pro;Fit Pro"),
        ]),
        SubcategorySeed(name: "Televisions", variants: ["55-inch", "65-inch", "75-inch"], lines: [
            line("Samsung", "QN90D Neo QLED 4K;The Frame"),
            line("LG", "OLED evo C4;QNED80"),
            line("Sony", "BRAVIA 7 Mini LED"),
            line("TCL", "QM7 QLED"),
            line("Hisense", "U8N Mini-LED"),
        ]),
        SubcategorySeed(name: "Cameras", variants: ["Body Only", "with Kit Lens"], lines: [
            line("Canon", "EOS R6 Mark II;EOS R50"),
            line("Nikon", "Z6 III;Z50 II"),
            line("Sony", "Alpha 7 IV;ZV-E10 II"),
            line("Fujifilm", "X-T5;X100VI[Standard]"),
        ]),
        SubcategorySeed(name: "Video Games & Consoles", variants: ["Standard"], lines: [
            line("Sony", "PlayStation 5 Slim;PlayStation 5 Pro"),
            line("Nintendo", "Switch OLED Model;Switch Lite"),
            line("Microsoft", "Xbox Series X;Xbox Series S"),
            line("Meta", "Quest 3;Quest 3S"),
        ]),
        SubcategorySeed(name: "Tablets", variants: ["Wi-Fi 128GB", "Wi-Fi 256GB"], lines: [
            line("Apple", "iPad 10.9-inch[Wi-Fi 64GB,Wi-Fi 256GB];iPad Air 11-inch;iPad Pro 13-inch[Wi-Fi 256GB,Wi-Fi 512GB]"),
            line("Samsung", "Galaxy Tab S9 FE;Galaxy Tab S10+[Wi-Fi 256GB,Wi-Fi 512GB]"),
            line("Amazon", "Fire HD 10[Wi-Fi 32GB,Wi-Fi 64GB]"),
        ]),
        SubcategorySeed(name: "Accessories", variants: ["Standard"], lines: [
            line("Anker", "USB-C to USB-C Cable (6 ft);Nano Charger 20W;PowerCore 10000 Power Bank"),
            line("Apple", "USB-C to Lightning Cable (1 m);20W USB-C Power Adapter"),
            line("SanDisk", "Ultra 128GB microSDXC Card;Extreme 256GB microSDXC Card"),
            line("Belkin", "BoostCharge USB-C Cable (2 m)"),
            line("Amazon Basics", "AA Alkaline Batteries (20-pack)"),
            line("Logitech", "M185 Wireless Mouse;K380 Bluetooth Keyboard"),
            line("Spigen", "Ultra Hybrid Galaxy S24 Case"),
            line("OtterBox", "Commuter Series iPhone 16 Case"),
        ]),
    ]),
    CategorySeed(slug: "clothing", name: "Clothing", weight: 0.20, subcategories: [
        SubcategorySeed(name: "Jeans", variants: ["Dark Wash", "Light Wash"], lines: [
            line("Levi's", "501 Original Fit Jeans;511 Slim Fit Jeans;Ribcage Straight Ankle Jeans"),
            line("Wrangler", "Cowboy Cut Jeans"),
            line("Gap", "Original Straight Jeans"),
        ]),
        SubcategorySeed(name: "Shoes", variants: ["Black", "White", "Grey"], lines: [
            line("Nike", "Air Force 1 '07;Air Max 90;Pegasus 41"),
            line("Adidas", "Samba OG;Ultraboost Light;Stan Smith"),
            line("New Balance", "990v6;574 Core"),
            line("Converse", "Chuck Taylor All Star"),
        ]),
        SubcategorySeed(name: "Outerwear", variants: ["Black", "Navy"], lines: [
            line("The North Face", "1996 Retro Nuptse Jacket;Thermoball Eco Jacket"),
            line("Patagonia", "Better Sweater Fleece Jacket;Down Sweater Hoody"),
            line("Columbia", "Bugaboo II Fleece Interchange Jacket"),
            line("Carhartt", "Duck Active Jacket"),
        ]),
        SubcategorySeed(name: "Activewear", variants: ["XS", "S", "M", "L", "XL"], lines: [
            line("Lululemon", "Align High-Rise Pant 25\";Define Jacket;Metal Vent Tech Shirt"),
            line("Under Armour", "Tech 2.0 T-Shirt;Rival Fleece Hoodie"),
            line("Nike", "Dri-FIT Legend T-Shirt"),
        ]),
        SubcategorySeed(name: "Tops", variants: ["S", "M", "L", "XL"], lines: [
            line("Uniqlo", "Supima Cotton Crew Neck T-Shirt;Oxford Slim-Fit Shirt"),
            line("Ralph Lauren", "Classic Fit Mesh Polo"),
            line("Calvin Klein", "Cotton Classic Fit Crewneck"),
            line("H&M", "Regular Fit Linen Shirt"),
        ]),
        SubcategorySeed(name: "Dresses", variants: ["XS", "S", "M", "L"], lines: [
            line("Zara", "Satin Effect Midi Dress;Linen Blend Dress"),
            line("Reformation", "Juliette Dress"),
            line("Free People", "Adella Slip Dress"),
        ]),
        SubcategorySeed(name: "Socks", variants: ["M", "L"], lines: [
            line("Bombas", "Ankle Socks"),
            line("Hanes", "Men's Crew Socks (12-pack)"),
            line("Nike", "Everyday Cushioned Crew Socks (3-pack)"),
            line("Stance", "Icon Crew Sock"),
            line("Darn Tough", "Hiker Micro Crew Midweight Sock"),
        ]),
    ]),
    CategorySeed(slug: "books", name: "Books", weight: 0.15, subcategories: [
        SubcategorySeed(name: "Fiction", variants: ["Paperback", "Hardcover"], lines: [
            line("Penguin Random House", "Lessons in Chemistry;Tomorrow, and Tomorrow, and Tomorrow;Where the Crawdads Sing;Project Hail Mary"),
            line("Simon & Schuster", "The Seven Husbands of Evelyn Hugo;It Ends with Us"),
            line("Hachette", "Circe;The Invisible Life of Addie LaRue"),
            line("Macmillan", "The Silent Patient;The Midnight Library"),
        ]),
        SubcategorySeed(name: "Science Fiction & Fantasy", variants: ["Paperback", "Hardcover"], lines: [
            line("Penguin Random House", "Dune;The Hitchhiker's Guide to the Galaxy"),
            line("HarperCollins", "The Hobbit;The Fellowship of the Ring"),
            line("Macmillan", "The Three-Body Problem;Red Rising"),
        ]),
        SubcategorySeed(name: "Business", variants: ["Paperback", "Hardcover"], lines: [
            line("Penguin Random House", "Atomic Habits;The Power of Habit"),
            line("HarperCollins", "Good to Great;Sapiens: A Brief History of Humankind"),
            line("Harriman House", "The Psychology of Money"),
            line("Wiley", "The Intelligent Investor"),
        ]),
        SubcategorySeed(name: "Computers & Technology", variants: ["Paperback"], lines: [
            line("O'Reilly Media", "Designing Data-Intensive Applications;Kafka: The Definitive Guide;Fundamentals of Data Engineering;Learning SQL"),
            line("Manning", "Kafka Streams in Action;Grokking Algorithms"),
        ]),
        SubcategorySeed(name: "Children's Books", variants: ["Board Book", "Hardcover"], lines: [
            line("Penguin Random House", "The Very Hungry Caterpillar;Green Eggs and Ham"),
            line("Scholastic", "Harry Potter and the Sorcerer's Stone[Paperback,Hardcover];The Hunger Games[Paperback,Hardcover]"),
            line("HarperCollins", "Where the Wild Things Are;Goodnight Moon"),
        ]),
        SubcategorySeed(name: "Cookbooks", variants: ["Hardcover"], lines: [
            line("Simon & Schuster", "Salt, Fat, Acid, Heat"),
            line("Penguin Random House", "The Food Lab;Ottolenghi Simple"),
            line("Clarkson Potter", "Magnolia Table"),
        ]),
    ]),
    CategorySeed(slug: "home_garden", name: "Home & Garden", weight: 0.15, subcategories: [
        SubcategorySeed(name: "Kitchen Appliances", variants: ["Black", "Stainless Steel", "Red"], lines: [
            line("KitchenAid", "Artisan 5-Quart Stand Mixer;Classic 4.5-Quart Stand Mixer"),
            line("Ninja", "Foodi 6-in-1 Air Fryer;Professional Plus Blender"),
            line("Instant", "Instant Pot Duo 7-in-1 6-Quart;Instant Vortex Plus Air Fryer"),
            line("Breville", "Barista Express Espresso Machine;Smart Oven Air Fryer"),
            line("Cuisinart", "14-Cup Food Processor"),
        ]),
        SubcategorySeed(name: "Cookware", variants: ["10-inch", "12-inch"], lines: [
            line("Le Creuset", "Signature Enameled Cast Iron Skillet"),
            line("Lodge", "Cast Iron Skillet"),
            line("All-Clad", "D3 Stainless Fry Pan"),
            line("OXO", "Good Grips Non-Stick Pro Frying Pan"),
        ]),
        SubcategorySeed(name: "Vacuums & Floor Care", variants: ["Standard"], lines: [
            line("Dyson", "V15 Detect Cordless Vacuum;V8 Absolute Cordless Vacuum;Ball Animal 3"),
            line("iRobot", "Roomba j7+;Roomba Combo i5"),
            line("Shark", "Navigator Lift-Away NV352;AI Ultra Robot Vacuum"),
        ]),
        SubcategorySeed(name: "Bedding", variants: ["Queen", "King"], lines: [
            line("Brooklinen", "Luxe Sateen Core Sheet Set;Down Comforter"),
            line("Casper", "Original Pillow;Weighted Blanket"),
            line("Parachute", "Linen Sheet Set"),
        ]),
        SubcategorySeed(name: "Garden & Outdoor", variants: ["Standard"], lines: [
            line("Weber", "Spirit II E-310 Gas Grill;Original Kettle 22-inch Charcoal Grill"),
            line("Traeger", "Pro 575 Pellet Grill"),
            line("Scotts", "Turf Builder Lawn Food;EZ Seed Patch & Repair"),
            line("Greenworks", "40V 21-inch Cordless Lawn Mower"),
        ]),
        SubcategorySeed(name: "Power Tools", variants: ["Tool Only", "Kit with Battery"], lines: [
            line("DeWalt", "20V MAX Cordless Drill;20V MAX Impact Driver"),
            line("Milwaukee", "M18 FUEL Hammer Drill"),
            line("Black+Decker", "20V MAX Cordless Drill"),
            line("Makita", "18V LXT Circular Saw"),
        ]),
    ]),
    CategorySeed(slug: "sports_outdoors", name: "Sports & Outdoors", weight: 0.10, subcategories: [
        SubcategorySeed(name: "Camping & Hiking", variants: ["Standard"], lines: [
            line("Coleman", "Sundome 4-Person Tent;Classic Propane Stove"),
            line("YETI", "Tundra 45 Hard Cooler;Rambler 26 oz Bottle;Hopper Flip 12"),
            line("Osprey", "Atmos AG 65 Backpack;Daylite Plus Daypack"),
            line("REI Co-op", "Half Dome SL 2+ Tent"),
            line("Hydro Flask", "32 oz Wide Mouth Bottle"),
        ]),
        SubcategorySeed(name: "Exercise & Fitness", variants: ["Standard"], lines: [
            line("Bowflex", "SelectTech 552 Adjustable Dumbbells"),
            line("Peloton", "Peloton Bike;Peloton Tread"),
            line("Garmin", "Forerunner 265;Venu 3"),
            line("Manduka", "PRO Yoga Mat 6mm"),
            line("Fitbit", "Charge 6"),
        ]),
        SubcategorySeed(name: "Cycling", variants: ["Medium", "Large"], lines: [
            line("Trek", "FX 2 Disc Hybrid Bike;Marlin 5 Mountain Bike"),
            line("Specialized", "Sirrus 2.0"),
            line("Giro", "Register MIPS Helmet"),
        ]),
        SubcategorySeed(name: "Team Sports", variants: ["Official Size"], lines: [
            line("Wilson", "NFL Duke Football;Evolution Basketball"),
            line("Spalding", "NBA Street Basketball"),
            line("Rawlings", "Heart of the Hide Baseball Glove"),
            line("Adidas", "UEFA Champions League Match Ball"),
        ]),
        SubcategorySeed(name: "Golf", variants: ["Right-Handed"], lines: [
            line("Callaway", "Paradym Ai Smoke Driver;Chrome Soft Golf Balls (12-pack)"),
            line("TaylorMade", "Qi10 Driver;Tour Response Golf Balls (12-pack)"),
            line("Titleist", "Pro V1 Golf Balls (12-pack)"),
        ]),
    ]),
    CategorySeed(slug: "beauty_health", name: "Beauty & Health", weight: 0.10, subcategories: [
        SubcategorySeed(name: "Skincare", variants: ["Standard"], lines: [
            line("CeraVe", "Moisturizing Cream 16 oz;Hydrating Facial Cleanser;PM Facial Moisturizing Lotion"),
            line("The Ordinary", "Niacinamide 10% + Zinc 1%;Hyaluronic Acid 2% + B5"),
            line("La Roche-Posay", "Toleriane Double Repair Face Moisturizer;Anthelios Melt-in Milk Sunscreen SPF 60"),
            line("Neutrogena", "Hydro Boost Water Gel"),
            line("Clinique", "Dramatically Different Moisturizing Lotion+"),
        ]),
        SubcategorySeed(name: "Makeup", variants: ["Light", "Medium", "Deep"], lines: [
            line("Maybelline", "Fit Me Matte + Poreless Foundation;Sky High Mascara"),
            line("L'Oréal Paris", "True Match Super-Blendable Foundation;Voluminous Lash Paradise Mascara"),
            line("Fenty Beauty", "Pro Filt'r Soft Matte Foundation"),
            line("e.l.f.", "Halo Glow Liquid Filter"),
        ]),
        SubcategorySeed(name: "Hair Care", variants: ["Standard"], lines: [
            line("Olaplex", "No. 3 Hair Perfector;No. 4 Bond Maintenance Shampoo"),
            line("Dyson", "Supersonic Hair Dryer;Airwrap Multi-Styler"),
            line("Moroccanoil", "Treatment Original"),
        ]),
        SubcategorySeed(name: "Fragrance", variants: ["1.7 oz", "3.4 oz"], lines: [
            line("Chanel", "Coco Mademoiselle Eau de Parfum;Bleu de Chanel Eau de Parfum"),
            line("Dior", "Sauvage Eau de Toilette;Miss Dior Eau de Parfum"),
            line("Yves Saint Laurent", "Libre Eau de Parfum"),
        ]),
        SubcategorySeed(name: "Vitamins & Supplements", variants: ["60 Count", "120 Count"], lines: [
            line("Nature Made", "Vitamin D3 2000 IU;Fish Oil 1200 mg"),
            line("Garden of Life", "Vitamin Code Raw One for Women"),
            line("Optimum Nutrition", "Gold Standard 100% Whey"),
        ]),
        SubcategorySeed(name: "Oral Care", variants: ["Standard"], lines: [
            line("Oral-B", "iO Series 5 Electric Toothbrush;Pro 1000 Electric Toothbrush"),
            line("Philips Sonicare", "4100 Power Toothbrush;DiamondClean 9000"),
        ]),
    ]),
    CategorySeed(slug: "toys_games", name: "Toys & Games", weight: 0.05, subcategories: [
        SubcategorySeed(name: "Building Sets", variants: ["Standard"], lines: [
            line("LEGO", "Star Wars Millennium Falcon;Technic Ferrari Daytona SP3;Icons Botanical Flower Bouquet;City Police Station;Harry Potter Hogwarts Castle"),
            line("Mega", "Pokémon Pikachu Evolution Set"),
        ]),
        SubcategorySeed(name: "Board Games", variants: ["Standard"], lines: [
            line("Hasbro", "Monopoly Classic;Clue;Scrabble"),
            line("Catan Studio", "Catan"),
            line("Days of Wonder", "Ticket to Ride"),
            line("Mattel", "UNO Card Game"),
        ]),
        SubcategorySeed(name: "Dolls & Action Figures", variants: ["Standard"], lines: [
            line("Mattel", "Barbie Dreamhouse;Barbie Fashionistas Doll"),
            line("Hasbro", "Marvel Legends Spider-Man;Star Wars The Black Series Darth Vader"),
            line("Funko", "Pop! Baby Yoda Grogu"),
        ]),
        SubcategorySeed(name: "Puzzles", variants: ["500 Pieces", "1000 Pieces"], lines: [
            line("Ravensburger", "Disney Castle Jigsaw Puzzle;Under the Sea Jigsaw Puzzle"),
            line("Buffalo Games", "Cinque Terre Jigsaw Puzzle"),
        ]),
        SubcategorySeed(name: "Preschool & Arts", variants: ["Standard"], lines: [
            line("Fisher-Price", "Laugh & Learn Smart Stages Chair;Little People Farm"),
            line("Melissa & Doug", "Wooden Building Blocks Set;Deluxe Band-in-a-Box"),
            line("Crayola", "Inspiration Art Case;Ultimate Crayon Collection"),
            line("Hot Wheels", "Track Builder Unlimited Set"),
        ]),
    ]),
]
