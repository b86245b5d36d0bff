"""Rebuild class_segments.csv: every GB/T 4754-2017 class, mapped onto chain segments.

MAPPING below is the hand-made part (one line per class and segment, with the reason);
every class not in it is written as strength `none` with a reason taken from RULES.
strength: strong = the class *is* the segment's product; weak = related, often but not
always on the segment; none = explicitly on no chain. Segment '' = the whole chain.
Run: python data/industry/build_class_segments.py
"""
import csv
import pathlib

HERE = pathlib.Path(__file__).parent
PB, IE, AP, DC = "power_battery", "intelligent_equipment", "auto_parts", "data_center"

MAPPING = [  # (code, chain, segment, strength, note)
    # --- B mining: raw materials of batteries and special metals
    ("0913", PB, "lithium_salts", "weak", "nickel-cobalt ore: feed for nickel/cobalt sulfate of cathode precursors"),
    ("0931", IE, "special_materials", "weak", "tungsten-molybdenum ore, upstream of W/Mo products"),
    ("0939", PB, "lithium_salts", "weak", "other rare metal ore covers rare light metals, i.e. lithium ore (spodumene, lepidolite)"),
    ("1092", PB, "anode", "weak", "natural graphite mining, upstream of graphite anodes"),
    # --- C17 textiles
    ("1783", AP, "tires_wheels", "weak", "tyre cord fabric (帘子布) is named in the class note"),
    # --- C26 chemicals
    ("2613", PB, "lithium_salts", "weak", "inorganic salts include lithium carbonate/hydroxide but most 2613 firms make other salts"),
    ("2613", PB, "electrolyte", "weak", "LiPF6 and other lithium salts for electrolyte are inorganic salts"),
    ("2614", PB, "electrolyte", "weak", "organic chemicals: carbonate solvents of electrolyte, among many others"),
    ("2619", PB, "cathode", "weak", "other basic chemicals: some precursor and iron phosphate makers file here"),
    ("2651", AP, "plastics_rubber", "weak", "primary plastics and resins incl. engineering and modified plastics; cars are one market"),
    ("2659", AP, "plastics_rubber", "weak", "special fibres and their composites (carbon-fibre composites); cars are one market"),
    ("2661", PB, "electrolyte", "weak", "chemical reagents and additives, incl. electrolyte additives"),
    ("2669", PB, "electrolyte", "weak", "other special chemicals: where lithium-battery electrolyte is usually filed"),
    # --- C29 rubber and plastics
    ("2911", AP, "tires_wheels", "strong", "tyre manufacturing"),
    ("2912", AP, "plastics_rubber", "weak", "rubber sheets, hoses and belts; automotive hoses and belts are a large share"),
    ("2913", AP, "plastics_rubber", "weak", "rubber parts (seals, mounts); cars are one market"),
    ("2921", PB, "separator", "weak", "plastic film: battery separator film is filed here, but most 2921 firms make packaging film"),
    ("2929", AP, "plastics_rubber", "weak", "note names plastic parts for cars (汽车专用零配件) among other non-daily plastic parts"),
    ("2929", AP, "interior_exterior", "weak", "plastic car interior/exterior trim is filed here by many suppliers"),
    # --- C30 non-metallic minerals
    ("3042", AP, "interior_exterior", "weak", "special glass (tempered, laminated) incl. automotive glass"),
    ("3091", PB, "anode", "weak", "graphite and carbon products incl. anode graphite, but also electrodes and refractories"),
    # --- C31/C32 metals
    ("3130", AP, "steel_aluminum", "weak", "steel rolling: auto sheet is one of many products"),
    ("3213", PB, "lithium_salts", "weak", "nickel-cobalt smelting: nickel/cobalt sulfate for cathode precursors"),
    ("3216", AP, "steel_aluminum", "weak", "aluminium smelting, upstream of automotive aluminium"),
    ("3231", IE, "special_materials", "strong", "tungsten-molybdenum smelting: the segment's refractory metals"),
    ("3239", PB, "lithium_salts", "weak", "other rare metal smelting incl. lithium metal and lithium compounds"),
    ("3240", IE, "special_materials", "weak", "non-ferrous alloys incl. superalloys and tungsten alloys, among others"),
    ("3251", PB, "foils_parts", "weak", "copper rolling incl. lithium-battery copper foil"),
    ("3252", PB, "foils_parts", "weak", "aluminium rolling incl. battery aluminium foil"),
    ("3252", AP, "steel_aluminum", "weak", "aluminium rolling incl. automotive aluminium sheet and profiles"),
    ("3254", IE, "special_materials", "strong", "rolling of rare metals: the note names tungsten, molybdenum, tantalum"),
    ("3259", IE, "special_materials", "weak", "other non-ferrous rolling, some special-alloy products"),
    # --- C33 metal products
    ("3311", DC, "racks_facility", "weak", "metal structures incl. prefabricated/modular rooms; mostly building steelwork"),
    ("3391", AP, "castings_forgings", "strong", "ferrous castings"),
    ("3392", AP, "castings_forgings", "strong", "non-ferrous castings incl. aluminium die casting"),
    ("3393", AP, "castings_forgings", "strong", "forgings and powder-metallurgy parts"),
    ("3393", IE, "special_materials", "weak", "powder metallurgy incl. cemented carbide and tungsten heavy alloy"),
    ("3399", PB, "foils_parts", "weak", "other metal products: battery cases and caps are often filed here; generic class"),
    ("3399", DC, "racks_facility", "weak", "other metal products: server cabinets are often filed here; generic class"),
    # --- C34 general equipment
    ("3415", DC, "green_power", "weak", "wind turbines: equipment upstream of green power, not its supply"),
    ("3421", IE, "cnc_machine_tools", "strong", "metal-cutting machine tools, CNC and conventional"),
    ("3422", IE, "cnc_machine_tools", "strong", "metal-forming machine tools (press brakes, presses)"),
    ("3424", IE, "cnc_machine_tools", "strong", "cutting and welding equipment incl. laser cutting machines"),
    ("3425", IE, "cnc_machine_tools", "weak", "machine-tool functional parts and accessories"),
    ("3425", IE, "precision_transmission", "weak", "machine-tool functional parts incl. ball screws and guides"),
    ("3429", IE, "cnc_machine_tools", "weak", "other metalworking machinery"),
    ("3432", IE, "intelligent_logistics", "weak", "cranes incl. stacker cranes of automated warehouses"),
    ("3433", IE, "intelligent_logistics", "weak", "industrial trucks (forklifts); AGVs are often filed here"),
    ("3434", IE, "intelligent_logistics", "strong", "continuous handling equipment: conveyors, sorters"),
    ("3439", IE, "intelligent_logistics", "weak", "other handling equipment, incl. automated storage"),
    ("3451", IE, "precision_transmission", "strong", "rolling bearings"),
    ("3452", IE, "precision_transmission", "strong", "plain bearings"),
    ("3453", IE, "precision_transmission", "strong", "gears and gear reducers (harmonic, RV, planetary)"),
    ("3459", IE, "precision_transmission", "strong", "other transmission parts: couplings, clutches, brakes, screws"),
    ("3462", DC, "cooling", "weak", "fans and blowers; data-centre ventilation is one market"),
    ("3464", DC, "cooling", "weak", "commercial refrigeration and air conditioning incl. precision AC and chillers"),
    ("3464", AP, "thermal_management", "weak", "refrigeration and AC equipment incl. vehicle AC compressors and heat pumps"),
    ("3491", IE, "industrial_robots", "strong", "industrial robots"),
    ("3492", IE, "industrial_robots", "strong", "special-operation robots"),
    ("3493", IE, "additive_manufacturing", "strong", "additive manufacturing equipment and parts"),
    ("3499", IE, "system_integration", "weak", "other general equipment: non-standard automation is often filed here; generic class"),
    # --- C35 special equipment
    ("3563", PB, "production_equipment", "strong", "note names equipment for lithium-ion batteries among electronic components"),
    ("3569", PB, "production_equipment", "weak", "other electronic special equipment; some battery-line makers file here"),
    ("3599", IE, "system_integration", "weak", "other special equipment: production lines are often filed here; generic class"),
    # --- C36 automobiles
    ("3611", AP, "vehicle_assembly", "strong", "petrol/diesel vehicle assembly"),
    ("3612", AP, "vehicle_assembly", "strong", "new-energy vehicle assembly (BEV, PHEV, FCEV)"),
    ("3620", AP, "powertrain", "strong", "automotive engines"),
    ("3630", AP, "vehicle_assembly", "strong", "modified/special vehicles built on bought-in chassis"),
    ("3640", AP, "vehicle_assembly", "weak", "low-speed trucks (agricultural three- and four-wheelers)"),
    ("3650", AP, "vehicle_assembly", "weak", "trams and trolleybuses: electric vehicles, not car bodies"),
    ("3660", AP, "body_structure", "weak", "vehicle bodies and trailers"),
    ("3660", AP, "vehicle_assembly", "weak", "trailers are complete unpowered road vehicles"),
    ("3670", AP, "", "strong", "parts and accessories of motor vehicles: the chain's core class, segment unknown"),
    ("3670", AP, "body_structure", "weak", "stamped and welded body parts are 3670 products"),
    ("3670", AP, "chassis", "weak", "brakes, suspension, steering are 3670 products"),
    ("3670", AP, "powertrain", "weak", "transmissions and engine parts are 3670 products"),
    ("3670", AP, "ev_drive", "weak", "electric drive units for cars are often filed as parts"),
    ("3670", AP, "interior_exterior", "weak", "seats, trim, bumpers are 3670 products"),
    ("3670", AP, "wiring_harness", "weak", "automotive wiring harnesses are 3670 products"),
    ("3670", AP, "thermal_management", "weak", "radiators, cooling modules are 3670 products"),
    ("3670", AP, "tires_wheels", "weak", "wheels are 3670 products (tyres are 2911)"),
    # --- C38 electrical machinery
    ("3811", DC, "power_supply", "weak", "generators and gensets incl. diesel backup generators"),
    ("3812", IE, "motors_drives", "weak", "electric motors of all kinds; servo motors are one part"),
    ("3812", AP, "ev_drive", "weak", "electric motors incl. traction motors"),
    ("3813", IE, "motors_drives", "strong", "micro and special motors (servo, stepper) and their parts"),
    ("3813", IE, "precision_transmission", "weak", "note names reducers (减速器) with micro motors"),
    ("3819", IE, "motors_drives", "weak", "other motors"),
    ("3821", DC, "power_supply", "weak", "transformers and static converters (UPS, HVDC rectifiers)"),
    ("3821", IE, "power_electrical", "weak", "transformers and box substations of power distribution"),
    ("3821", PB, "energy_storage", "weak", "static converters incl. storage power-conversion systems (PCS)"),
    ("3822", IE, "power_electrical", "weak", "power capacitors and their sets"),
    ("3823", IE, "power_electrical", "strong", "switchgear and distribution control equipment"),
    ("3823", DC, "power_supply", "weak", "switchgear incl. data-centre power distribution"),
    ("3824", AP, "ev_drive", "weak", "power electronics incl. motor controllers and IGBT modules"),
    ("3824", DC, "power_supply", "weak", "power electronic devices for power conversion"),
    ("3824", PB, "charging", "weak", "power electronics incl. charging modules"),
    ("3824", IE, "motors_drives", "weak", "power electronics incl. inverters and servo drives"),
    ("3825", DC, "green_power", "weak", "PV equipment: upstream of green power, not its supply"),
    ("3829", IE, "power_electrical", "weak", "other distribution and control equipment and its parts"),
    ("3829", PB, "charging", "weak", "EV chargers are often filed under other distribution equipment"),
    ("3831", IE, "cables_wires", "strong", "wires and cables"),
    ("3831", AP, "wiring_harness", "weak", "automotive wire and high-voltage cable"),
    ("3832", DC, "network_equipment", "strong", "optical fibre"),
    ("3833", DC, "network_equipment", "strong", "optical cable"),
    ("3833", IE, "cables_wires", "weak", "optical cable, incl. opto-electric composite cable"),
    ("3834", IE, "cables_wires", "weak", "insulating parts and conduits, cable accessories"),
    ("3841", PB, "cells", "strong", "lithium-ion batteries"),
    ("3841", PB, "modules_packs", "weak", "pack makers usually file as lithium-ion battery makers"),
    ("3841", PB, "energy_storage", "weak", "storage-battery system makers often file here"),
    ("3842", PB, "cells", "weak", "nickel-metal hydride batteries (hybrid vehicles)"),
    ("3843", DC, "power_supply", "weak", "lead-acid batteries: UPS backup batteries of data centres"),
    ("3849", PB, "cells", "weak", "other batteries: sodium-ion, fuel cells and others"),
    ("3849", PB, "modules_packs", "weak", "other batteries: some pack and system makers file here"),
    ("3891", AP, "auto_electronics", "weak", "electric signalling devices incl. vehicle signalling"),
    # --- C39 computers and electronics
    ("3911", DC, "servers", "strong", "computers incl. servers"),
    ("3912", DC, "servers", "weak", "computer parts: memory, boards, disks, power units"),
    ("3913", DC, "servers", "weak", "peripherals incl. external storage"),
    ("3914", IE, "controllers", "strong", "industrial control computers and systems"),
    ("3915", DC, "security", "strong", "information security equipment"),
    ("3919", DC, "servers", "weak", "other computers; generic class"),
    ("3921", DC, "network_equipment", "strong", "communication system equipment: switches, routers, transmission"),
    ("3962", AP, "auto_electronics", "strong", "intelligent vehicle-mounted equipment (ADAS, connected-car terminals)"),
    ("3972", DC, "chips", "weak", "discrete semiconductors"),
    ("3972", IE, "electronic_components", "weak", "discrete semiconductors incl. power devices"),
    ("3973", DC, "chips", "strong", "integrated circuits"),
    ("3976", DC, "network_equipment", "weak", "optoelectronic devices incl. optical transceivers"),
    ("3976", IE, "electronic_components", "weak", "optoelectronic devices incl. lasers and photoelectric sensors"),
    ("3979", IE, "electronic_components", "weak", "other electronic devices; generic class"),
    ("3981", IE, "electronic_components", "strong", "resistors, capacitors, inductors"),
    ("3982", IE, "electronic_components", "weak", "printed circuits and assemblies"),
    ("3983", IE, "electronic_components", "strong", "sensitive elements and sensors"),
    ("3983", AP, "auto_electronics", "weak", "sensors, incl. automotive sensors"),
    ("3985", PB, "cathode", "weak", "note names lithium-battery materials among electronic materials"),
    ("3985", PB, "anode", "weak", "note names lithium-battery materials among electronic materials"),
    ("3985", PB, "electrolyte", "weak", "note names lithium-battery materials among electronic materials"),
    ("3985", PB, "separator", "weak", "note names lithium-battery materials among electronic materials"),
    ("3985", PB, "foils_parts", "weak", "note names copper foil and lithium-battery materials"),
    ("3989", IE, "electronic_components", "weak", "other electronic components incl. connectors"),
    ("3989", AP, "wiring_harness", "weak", "connectors are often filed under other electronic components"),
    ("3989", PB, "bms", "weak", "battery management boards are often filed as electronic components"),
    # --- C40 instruments
    ("4011", IE, "controllers", "strong", "industrial automatic control systems: PLC, DCS, actuators"),
    ("4012", IE, "test_measurement", "weak", "electrical measuring instruments"),
    ("4013", IE, "test_measurement", "weak", "measuring instruments incl. coordinate measuring machines"),
    ("4014", IE, "test_measurement", "weak", "laboratory and analytical instruments"),
    ("4015", IE, "test_measurement", "strong", "testing machines for materials and parts"),
    ("4019", IE, "test_measurement", "weak", "other general instruments; generic class"),
    ("4022", AP, "auto_electronics", "weak", "counting instruments incl. vehicle odometers and tachometers"),
    ("4028", IE, "test_measurement", "weak", "electronic measuring instruments"),
    # --- C42/C43 recycling and repair
    ("4210", PB, "recycling", "weak", "metal scrap processing incl. battery dismantling and metal recovery"),
    ("4220", PB, "recycling", "weak", "non-metal scrap processing (battery black mass, plastics)"),
    ("4320", IE, "maintenance_services", "strong", "repair of general equipment"),
    ("4330", IE, "maintenance_services", "strong", "repair of special equipment"),
    ("4350", IE, "maintenance_services", "weak", "repair of electrical equipment"),
    ("4360", IE, "maintenance_services", "weak", "repair of instruments"),
    # --- D energy
    ("4413", DC, "green_power", "weak", "hydropower: renewable, seldom sold to data centres directly"),
    ("4415", DC, "green_power", "strong", "wind power generation"),
    ("4416", DC, "green_power", "strong", "solar power generation"),
    ("4417", DC, "green_power", "weak", "biomass power generation"),
    ("4419", PB, "energy_storage", "weak", "other power generation: independent storage stations are sometimes filed here"),
    ("4420", DC, "green_power", "weak", "power supply (grid): delivers power, green or not"),
    # --- E construction
    ("4874", DC, "green_power", "weak", "wind power construction"),
    ("4875", DC, "green_power", "weak", "solar power construction"),
    ("4910", DC, "dc_construction", "weak", "electrical installation in buildings incl. machine rooms"),
    ("4999", DC, "dc_construction", "weak", "other installation; note names intelligent-building (智能化) installation"),
    # --- F trade: only where the class is the segment's activity
    ("5191", PB, "recycling", "weak", "collection of recyclable materials incl. spent batteries; a trade class"),
    ("5267", PB, "charging", "strong", "EV charging sales: operation of charging points (group note: 汽车充电桩服务)"),
    # --- I information
    ("6311", DC, "network_links", "strong", "fixed telecom: leased lines, backbone"),
    ("6312", DC, "network_links", "weak", "mobile telecom"),
    ("6319", DC, "network_links", "weak", "other telecom services"),
    ("6410", DC, "idc_operation", "strong", "note: facilities for storing and processing data with internet access, i.e. IDC"),
    ("6410", DC, "network_links", "weak", "internet access services"),
    ("6431", IE, "industrial_software", "weak", "production-service internet platforms incl. industrial internet platforms"),
    ("6440", DC, "security", "strong", "internet security services"),
    ("6450", DC, "idc_operation", "strong", "internet data services (big data, cloud storage, cloud computing): the class NBS reports data centres under"),
    ("6450", DC, "cloud_computing", "strong", "note names cloud storage and cloud computing"),
    ("6450", DC, "data_services", "weak", "note names big-data processing"),
    ("6511", IE, "industrial_software", "weak", "basic software: operating systems, databases, firmware"),
    ("6511", DC, "cloud_computing", "weak", "basic software incl. cloud operating systems and middleware"),
    ("6513", IE, "industrial_software", "weak", "note names industrial software among application software"),
    ("6513", DC, "ai_applications", "weak", "application software incl. AI and industry solutions"),
    ("6519", DC, "security", "weak", "note names information-security software"),
    ("6519", DC, "cloud_computing", "weak", "note names platform software"),
    ("6520", DC, "chips", "strong", "IC design"),
    ("6531", DC, "dc_construction", "weak", "information system integration incl. machine-room integration"),
    ("6531", DC, "ai_applications", "weak", "system integration of smart-city and industry projects"),
    ("6540", DC, "om_services", "strong", "operation and maintenance: infrastructure, network, hardware"),
    ("6550", DC, "idc_operation", "strong", "note names server hosting and virtual hosting"),
    ("6550", DC, "cloud_computing", "weak", "note names leasing of IT infrastructure"),
    ("6550", DC, "data_services", "weak", "note names data analysis and processing services"),
    ("6599", DC, "data_services", "weak", "other IT services; data labelling firms often file here; generic class"),
    # --- M services: testing and the few specific promotion classes
    ("7452", PB, "testing_certification", "weak", "testing services; battery labs are one kind"),
    ("7455", PB, "testing_certification", "weak", "certification; battery certification is one kind"),
    ("7515", PB, "", "weak", "new-energy technology promotion: many battery technology firms file here; generic"),
    ("7517", IE, "additive_manufacturing", "weak", "3D-printing technology promotion"),
    # --- N environment
    ("7724", PB, "recycling", "weak", "hazardous waste treatment incl. spent batteries"),
]

DISAGREE_NONE = {  # classes the YAML lists but this table maps to none: the reason
    "0919": "other common non-ferrous ores (mercury, cadmium, bismuth); lithium ore is 0939",
    "2927": "daily-use plastic products (kitchenware, sanitary); car trim is 2929 or 3670",
    "3562": "equipment for ICs, diodes and solar cells, not battery equipment (3563 is); no chain here has a semiconductor-equipment segment",
    "6490": "other internet services, a residual class; cloud firms file 6450",
    "6512": "support software: development tools and test tools, not cloud computing",
    "6579": "other digital content (digital culture and sports content), not AI",
    "8111": "roadside repair and maintenance of cars: a local consumer service in every district, not an investment target of the parts chain",
}


def rule_note(code: str, name: str, section: str) -> str:
    div = int(code[:2])
    if code in DISAGREE_NONE:
        return DISAGREE_NONE[code]
    if div == 51:
        return "wholesale: sells goods, makes none; read the business scope for what is made"
    if div == 52:
        return "retail: sells goods, makes none"
    if div == 71:
        return "leasing of equipment without operators, not making or operating it"
    if div == 81:
        return "repair of vehicles and household goods: local consumer service"
    if div == 73:
        return "research and development: topic unknown from the class"
    if div == 75:
        return "technology promotion and intermediation: topic unknown from the class"
    if div == 72:
        return "business services: says nothing about a product"
    if section in "ABCDE":
        return "not a product or input of the four chains"
    return "service outside the four chains"


def main() -> None:
    with open(HERE / "gbt4754_2017.csv", encoding="utf-8") as fh:
        classes = [r for r in csv.DictReader(fh) if r["level"] == "class"]
    by_code: dict[str, list] = {}
    for row in MAPPING:
        by_code.setdefault(row[0], []).append(row)
    known = {r["code"] for r in classes}
    unknown = set(by_code) - known
    assert not unknown, unknown
    with open(HERE / "class_segments.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["code", "chain", "segment", "strength", "note"])
        for r in classes:
            rows = by_code.get(r["code"])
            if rows:
                for code, chain, segment, strength, note in rows:
                    w.writerow([code, chain, segment, strength, note])
            else:
                w.writerow([r["code"], "", "", "none", rule_note(r["code"], r["name"], r["section"])])


if __name__ == "__main__":
    main()
