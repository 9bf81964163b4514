// The product catalog's source data: categories with their documented weights, real
// subcategories, brands and product lines, and the variants each line is sold in.
// `Catalog` expands it into products with stable ids (see Catalog.swift).

/// One product line family: a brand and its models, sold in every variant of the subcategory.
struct ProductLineSeed {
    let brand: String
    let models: [String]
}

/// A subcategory: its lines, variants, and the USD list-price range of its products.
struct SubcategorySeed {
    let name: String
    let priceRange: ClosedRange<Double>
    let variants: [String]
    let lines: [ProductLineSeed]
}

/// A category: the id slug, the display name, the default weight and its subcategories.
struct CategorySeed {
    let slug: String
    let name: String
    let weight: Double
    let subcategories: [SubcategorySeed]
}

private func line(_ brand: String, _ models: String) -> ProductLineSeed {
    ProductLineSeed(brand: brand, models: models.split(separator: ";").map { String($0) })
}

let catalogSeeds: [CategorySeed] = [
    CategorySeed(slug: "electronics", name: "Electronics", weight: 0.25, subcategories: [
        SubcategorySeed(name: "Laptops", priceRange: 499...2999, variants: ["8GB RAM", "16GB RAM"], lines: [
            line("Apple", "MacBook Air 13-inch;MacBook Air 15-inch;MacBook Pro 14-inch;MacBook Pro 16-inch"),
            line("Dell", "XPS 13;XPS 15;Inspiron 15;Latitude 7440"),
            line("Lenovo", "ThinkPad X1 Carbon;IdeaPad Slim 5;Yoga 7i;Legion 5 Pro"),
            line("HP", "Spectre x360 14;Pavilion 15;EliteBook 840;Envy 16"),
            line("ASUS", "Zenbook 14 OLED;ROG Zephyrus G14;Vivobook 15"),
            line("Microsoft", "Surface Laptop 7;Surface Pro 11"),
        ]),
        SubcategorySeed(name: "Smartphones", priceRange: 199...1399, variants: ["128GB", "256GB", "512GB"], lines: [
            line("Apple", "iPhone 16;iPhone 16 Plus;iPhone 16 Pro;iPhone 16 Pro Max;iPhone 15"),
            line("Samsung", "Galaxy S24;Galaxy S24 Ultra;Galaxy A55;Galaxy Z Flip6"),
            line("Google", "Pixel 9;Pixel 9 Pro;Pixel 8a"),
            line("Motorola", "moto g power;edge 2024"),
            line("OnePlus", "12;Nord N30"),
        ]),
        SubcategorySeed(name: "Headphones", priceRange: 49...549, variants: ["Black", "White"], lines: [
            line("Sony", "WH-1000XM5;WF-1000XM5;ULT Wear"),
            line("Bose", "QuietComfort Ultra Headphones;QuietComfort Ultra Earbuds"),
            line("Apple", "AirPods Pro 2;AirPods 4;AirPods Max"),
            line("Sennheiser", "Momentum 4 Wireless"),
            line("JBL", "Tune 770NC;Live Pro 2"),
            line("Beats", "Studio Pro;Fit Pro"),
        ]),
        SubcategorySeed(name: "Televisions", priceRange: 399...3499, variants: ["55-inch", "65-inch", "75-inch"], lines: [
            line("Samsung", "QN90D Neo QLED 4K;The Frame"),
            line("LG", "OLED evo C4;QNED80"),
            line("Sony", "BRAVIA 7 Mini LED"),
            line("TCL", "QM7 QLED"),
            line("Hisense", "U8N Mini-LED"),
        ]),
        SubcategorySeed(name: "Cameras", priceRange: 299...2499, variants: ["Body Only", "with Kit Lens"], lines: [
            line("Canon", "EOS R6 Mark II;EOS R50"),
            line("Nikon", "Z6 III;Z50 II"),
            line("Sony", "Alpha 7 IV;ZV-E10 II"),
            line("Fujifilm", "X-T5;X100VI"),
        ]),
        SubcategorySeed(name: "Video Games & Consoles", priceRange: 249...699, variants: ["Standard"], lines: [
            line("Sony", "PlayStation 5 Slim;PlayStation 5 Pro"),
            line("Nintendo", "Switch OLED Model;Switch Lite"),
            line("Microsoft", "Xbox Series X;Xbox Series S"),
            line("Meta", "Quest 3;Quest 3S"),
        ]),
        SubcategorySeed(name: "Tablets", priceRange: 99...1299, variants: ["Wi-Fi 128GB", "Wi-Fi 256GB"], lines: [
            line("Apple", "iPad 10.9-inch;iPad Air 11-inch;iPad Pro 13-inch"),
            line("Samsung", "Galaxy Tab S9 FE;Galaxy Tab S10+"),
            line("Amazon", "Fire HD 10"),
        ]),
    ]),
    CategorySeed(slug: "clothing", name: "Clothing", weight: 0.20, subcategories: [
        SubcategorySeed(name: "Jeans", priceRange: 39...129, variants: ["Dark Wash", "Light Wash"], lines: [
            line("Levi's", "501 Original Fit Jeans;511 Slim Fit Jeans;Ribcage Straight Ankle Jeans"),
            line("Wrangler", "Cowboy Cut Jeans"),
            line("Gap", "Original Straight Jeans"),
        ]),
        SubcategorySeed(name: "Shoes", priceRange: 49...189, variants: ["Black", "White", "Grey"], lines: [
            line("Nike", "Air Force 1 '07;Air Max 90;Pegasus 41"),
            line("Adidas", "Samba OG;Ultraboost Light;Stan Smith"),
            line("New Balance", "990v6;574 Core"),
            line("Converse", "Chuck Taylor All Star"),
        ]),
        SubcategorySeed(name: "Outerwear", priceRange: 79...349, variants: ["Black", "Navy"], lines: [
            line("The North Face", "1996 Retro Nuptse Jacket;Thermoball Eco Jacket"),
            line("Patagonia", "Better Sweater Fleece Jacket;Down Sweater Hoody"),
            line("Columbia", "Bugaboo II Fleece Interchange Jacket"),
            line("Carhartt", "Duck Active Jacket"),
        ]),
        SubcategorySeed(name: "Activewear", priceRange: 25...128, variants: ["XS", "S", "M", "L"], lines: [
            line("Lululemon", "Align High-Rise Pant 25\";Define Jacket;Metal Vent Tech Shirt"),
            line("Under Armour", "Tech 2.0 T-Shirt;Rival Fleece Hoodie"),
            line("Nike", "Dri-FIT Legend T-Shirt"),
        ]),
        SubcategorySeed(name: "Tops", priceRange: 15...98, variants: ["S", "M", "L"], lines: [
            line("Uniqlo", "Supima Cotton Crew Neck T-Shirt;Oxford Slim-Fit Shirt"),
            line("Ralph Lauren", "Classic Fit Mesh Polo"),
            line("Calvin Klein", "Cotton Classic Fit Crewneck"),
            line("H&M", "Regular Fit Linen Shirt"),
        ]),
        SubcategorySeed(name: "Dresses", priceRange: 35...189, variants: ["XS", "S", "M"], lines: [
            line("Zara", "Satin Effect Midi Dress;Linen Blend Dress"),
            line("Reformation", "Juliette Dress"),
            line("Free People", "Adella Slip Dress"),
        ]),
    ]),
    CategorySeed(slug: "books", name: "Books", weight: 0.15, subcategories: [
        SubcategorySeed(name: "Fiction", priceRange: 12...32, variants: ["Paperback", "Hardcover"], lines: [
            line("Penguin Random House", "Lessons in Chemistry;Tomorrow, and Tomorrow, and Tomorrow;Where the Crawdads Sing;Project Hail Mary"),
            line("Simon & Schuster", "The Seven Husbands of Evelyn Hugo;It Ends with Us"),
            line("Hachette", "Circe;The Invisible Life of Addie LaRue"),
            line("Macmillan", "The Silent Patient;The Midnight Library"),
        ]),
        SubcategorySeed(name: "Science Fiction & Fantasy", priceRange: 9...30, variants: ["Paperback", "Hardcover"], lines: [
            line("Penguin Random House", "Dune;The Hitchhiker's Guide to the Galaxy"),
            line("HarperCollins", "The Hobbit;The Fellowship of the Ring"),
            line("Macmillan", "The Three-Body Problem;Red Rising"),
        ]),
        SubcategorySeed(name: "Business", priceRange: 14...35, variants: ["Paperback", "Hardcover"], lines: [
            line("Penguin Random House", "Atomic Habits;The Power of Habit"),
            line("HarperCollins", "Good to Great;Sapiens: A Brief History of Humankind"),
            line("Harriman House", "The Psychology of Money"),
            line("Wiley", "The Intelligent Investor"),
        ]),
        SubcategorySeed(name: "Computers & Technology", priceRange: 29...79, variants: ["Paperback"], lines: [
            line("O'Reilly Media", "Designing Data-Intensive Applications;Kafka: The Definitive Guide;Fundamentals of Data Engineering;Learning SQL"),
            line("Manning", "Kafka Streams in Action;Grokking Algorithms"),
        ]),
        SubcategorySeed(name: "Children's Books", priceRange: 6...25, variants: ["Board Book", "Hardcover"], lines: [
            line("Penguin Random House", "The Very Hungry Caterpillar;Green Eggs and Ham"),
            line("Scholastic", "Harry Potter and the Sorcerer's Stone;The Hunger Games"),
            line("HarperCollins", "Where the Wild Things Are;Goodnight Moon"),
        ]),
        SubcategorySeed(name: "Cookbooks", priceRange: 18...40, variants: ["Hardcover"], lines: [
            line("Simon & Schuster", "Salt, Fat, Acid, Heat"),
            line("Penguin Random House", "The Food Lab;Ottolenghi Simple"),
            line("Clarkson Potter", "Magnolia Table"),
        ]),
    ]),
    CategorySeed(slug: "home_garden", name: "Home & Garden", weight: 0.15, subcategories: [
        SubcategorySeed(name: "Kitchen Appliances", priceRange: 39...649, variants: ["Black", "Stainless Steel", "Red"], lines: [
            line("KitchenAid", "Artisan 5-Quart Stand Mixer;Classic 4.5-Quart Stand Mixer"),
            line("Ninja", "Foodi 6-in-1 Air Fryer;Professional Plus Blender"),
            line("Instant", "Instant Pot Duo 7-in-1 6-Quart;Instant Vortex Plus Air Fryer"),
            line("Breville", "Barista Express Espresso Machine;Smart Oven Air Fryer"),
            line("Cuisinart", "14-Cup Food Processor"),
        ]),
        SubcategorySeed(name: "Cookware", priceRange: 25...399, variants: ["10-inch", "12-inch"], lines: [
            line("Le Creuset", "Signature Enameled Cast Iron Skillet"),
            line("Lodge", "Cast Iron Skillet"),
            line("All-Clad", "D3 Stainless Fry Pan"),
            line("OXO", "Good Grips Non-Stick Pro Frying Pan"),
        ]),
        SubcategorySeed(name: "Vacuums & Floor Care", priceRange: 149...749, variants: ["Standard"], lines: [
            line("Dyson", "V15 Detect Cordless Vacuum;V8 Absolute Cordless Vacuum;Ball Animal 3"),
            line("iRobot", "Roomba j7+;Roomba Combo i5"),
            line("Shark", "Navigator Lift-Away NV352;AI Ultra Robot Vacuum"),
        ]),
        SubcategorySeed(name: "Bedding", priceRange: 39...299, variants: ["Queen", "King"], lines: [
            line("Brooklinen", "Luxe Sateen Core Sheet Set;Down Comforter"),
            line("Casper", "Original Pillow;Weighted Blanket"),
            line("Parachute", "Linen Sheet Set"),
        ]),
        SubcategorySeed(name: "Garden & Outdoor", priceRange: 19...999, variants: ["Standard"], lines: [
            line("Weber", "Spirit II E-310 Gas Grill;Original Kettle 22-inch Charcoal Grill"),
            line("Traeger", "Pro 575 Pellet Grill"),
            line("Scotts", "Turf Builder Lawn Food;EZ Seed Patch & Repair"),
            line("Greenworks", "40V 21-inch Cordless Lawn Mower"),
        ]),
        SubcategorySeed(name: "Power Tools", priceRange: 59...399, variants: ["Tool Only", "Kit with Battery"], lines: [
            line("DeWalt", "20V MAX Cordless Drill;20V MAX Impact Driver"),
            line("Milwaukee", "M18 FUEL Hammer Drill"),
            line("Black+Decker", "20V MAX Cordless Drill"),
            line("Makita", "18V LXT Circular Saw"),
        ]),
    ]),
    CategorySeed(slug: "sports_outdoors", name: "Sports & Outdoors", weight: 0.10, subcategories: [
        SubcategorySeed(name: "Camping & Hiking", priceRange: 25...499, variants: ["Standard"], lines: [
            line("Coleman", "Sundome 4-Person Tent;Classic Propane Stove"),
            line("YETI", "Tundra 45 Hard Cooler;Rambler 26 oz Bottle;Hopper Flip 12"),
            line("Osprey", "Atmos AG 65 Backpack;Daylite Plus Daypack"),
            line("REI Co-op", "Half Dome SL 2+ Tent"),
            line("Hydro Flask", "32 oz Wide Mouth Bottle"),
        ]),
        SubcategorySeed(name: "Exercise & Fitness", priceRange: 19...1999, variants: ["Standard"], lines: [
            line("Bowflex", "SelectTech 552 Adjustable Dumbbells"),
            line("Peloton", "Peloton Bike;Peloton Tread"),
            line("Garmin", "Forerunner 265;Venu 3"),
            line("Manduka", "PRO Yoga Mat 6mm"),
            line("Fitbit", "Charge 6"),
        ]),
        SubcategorySeed(name: "Cycling", priceRange: 29...1499, variants: ["Medium", "Large"], lines: [
            line("Trek", "FX 2 Disc Hybrid Bike;Marlin 5 Mountain Bike"),
            line("Specialized", "Sirrus 2.0"),
            line("Giro", "Register MIPS Helmet"),
        ]),
        SubcategorySeed(name: "Team Sports", priceRange: 15...299, variants: ["Official Size"], lines: [
            line("Wilson", "NFL Duke Football;Evolution Basketball"),
            line("Spalding", "NBA Street Basketball"),
            line("Rawlings", "Heart of the Hide Baseball Glove"),
            line("Adidas", "UEFA Champions League Match Ball"),
        ]),
        SubcategorySeed(name: "Golf", priceRange: 29...599, variants: ["Right-Handed"], lines: [
            line("Callaway", "Paradym Ai Smoke Driver;Chrome Soft Golf Balls (12-pack)"),
            line("TaylorMade", "Qi10 Driver;Tour Response Golf Balls (12-pack)"),
            line("Titleist", "Pro V1 Golf Balls (12-pack)"),
        ]),
    ]),
    CategorySeed(slug: "beauty_health", name: "Beauty & Health", weight: 0.10, subcategories: [
        SubcategorySeed(name: "Skincare", priceRange: 8...89, variants: ["Standard"], lines: [
            line("CeraVe", "Moisturizing Cream 16 oz;Hydrating Facial Cleanser;PM Facial Moisturizing Lotion"),
            line("The Ordinary", "Niacinamide 10% + Zinc 1%;Hyaluronic Acid 2% + B5"),
            line("La Roche-Posay", "Toleriane Double Repair Face Moisturizer;Anthelios Melt-in Milk Sunscreen SPF 60"),
            line("Neutrogena", "Hydro Boost Water Gel"),
            line("Clinique", "Dramatically Different Moisturizing Lotion+"),
        ]),
        SubcategorySeed(name: "Makeup", priceRange: 6...52, variants: ["Light", "Medium", "Deep"], lines: [
            line("Maybelline", "Fit Me Matte + Poreless Foundation;Sky High Mascara"),
            line("L'Oréal Paris", "True Match Super-Blendable Foundation;Voluminous Lash Paradise Mascara"),
            line("Fenty Beauty", "Pro Filt'r Soft Matte Foundation"),
            line("e.l.f.", "Halo Glow Liquid Filter"),
        ]),
        SubcategorySeed(name: "Hair Care", priceRange: 9...599, variants: ["Standard"], lines: [
            line("Olaplex", "No. 3 Hair Perfector;No. 4 Bond Maintenance Shampoo"),
            line("Dyson", "Supersonic Hair Dryer;Airwrap Multi-Styler"),
            line("Moroccanoil", "Treatment Original"),
        ]),
        SubcategorySeed(name: "Fragrance", priceRange: 49...189, variants: ["1.7 oz", "3.4 oz"], lines: [
            line("Chanel", "Coco Mademoiselle Eau de Parfum;Bleu de Chanel Eau de Parfum"),
            line("Dior", "Sauvage Eau de Toilette;Miss Dior Eau de Parfum"),
            line("Yves Saint Laurent", "Libre Eau de Parfum"),
        ]),
        SubcategorySeed(name: "Vitamins & Supplements", priceRange: 7...49, variants: ["60 Count", "120 Count"], lines: [
            line("Nature Made", "Vitamin D3 2000 IU;Fish Oil 1200 mg"),
            line("Garden of Life", "Vitamin Code Raw One for Women"),
            line("Optimum Nutrition", "Gold Standard 100% Whey"),
        ]),
        SubcategorySeed(name: "Oral Care", priceRange: 19...229, variants: ["Standard"], lines: [
            line("Oral-B", "iO Series 5 Electric Toothbrush;Pro 1000 Electric Toothbrush"),
            line("Philips Sonicare", "4100 Power Toothbrush;DiamondClean 9000"),
        ]),
    ]),
    CategorySeed(slug: "toys_games", name: "Toys & Games", weight: 0.05, subcategories: [
        SubcategorySeed(name: "Building Sets", priceRange: 19...849, variants: ["Standard"], lines: [
            line("LEGO", "Star Wars Millennium Falcon;Technic Ferrari Daytona SP3;Icons Botanical Flower Bouquet;City Police Station;Harry Potter Hogwarts Castle"),
            line("Mega", "Pokémon Pikachu Evolution Set"),
        ]),
        SubcategorySeed(name: "Board Games", priceRange: 12...69, variants: ["Standard"], lines: [
            line("Hasbro", "Monopoly Classic;Clue;Scrabble"),
            line("Catan Studio", "Catan"),
            line("Days of Wonder", "Ticket to Ride"),
            line("Mattel", "UNO Card Game"),
        ]),
        SubcategorySeed(name: "Dolls & Action Figures", priceRange: 9...99, variants: ["Standard"], lines: [
            line("Mattel", "Barbie Dreamhouse;Barbie Fashionistas Doll"),
            line("Hasbro", "Marvel Legends Spider-Man;Star Wars The Black Series Darth Vader"),
            line("Funko", "Pop! Baby Yoda Grogu"),
        ]),
        SubcategorySeed(name: "Puzzles", priceRange: 12...39, variants: ["500 Pieces", "1000 Pieces"], lines: [
            line("Ravensburger", "Disney Castle Jigsaw Puzzle;Under the Sea Jigsaw Puzzle"),
            line("Buffalo Games", "Cinque Terre Jigsaw Puzzle"),
        ]),
        SubcategorySeed(name: "Preschool & Arts", priceRange: 8...79, variants: ["Standard"], lines: [
            line("Fisher-Price", "Laugh & Learn Smart Stages Chair;Little People Farm"),
            line("Melissa & Doug", "Wooden Building Blocks Set;Deluxe Band-in-a-Box"),
            line("Crayola", "Inspiration Art Case;Ultimate Crayon Collection"),
            line("Hot Wheels", "Track Builder Unlimited Set"),
        ]),
    ]),
]
