"""Build data/tagging/labelled_scopes.csv: business-scope texts with a gold chain (or none).

The telling phrases below were written by hand the way real 经营范围 read (long
lists of generic items, the telling one buried inside), independently of the
chain templates' keyword lists; each text mixes one or two of them with generic
items, seller items and a boilerplate ending. Gold chain: the chain of what the
firm makes or serves; 'none' for sellers, unrelated firms and vague scopes (no
segment can be read from them). Rows alternate dev / test and each telling phrase
belongs to one half only; the README reports macro-F1 on the test half. (Since the chain reader was
rebuilt for real registry text, repair shops belong to no chain: the aftermarket phrase is remanufacturing.)

    .venv/bin/python bench/labelled_scopes.py      # rewrites the CSV (deterministic)
"""
import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "tagging" / "labelled_scopes.csv"

TELLING = {
    "power_battery": [
        ("锂离子电池及电池组的研发、生产", "cells"), ("动力锂电池隔膜、储能电池隔膜生产", "separator"),
        ("锂电池正极材料（磷酸铁锂）的制造", "cathode"), ("电池级碳酸锂提纯加工", "lithium_salts"),
        ("新能源汽车废旧动力蓄电池回收及梯次利用", "recycling"), ("电池管理系统软硬件研发及生产", "bms"),
        ("储能电站建设、运营及储能系统集成", "energy_storage"), ("电动汽车充电站运营；充电桩制造", "charging"),
        ("人造石墨负极材料生产", "anode"), ("锂电池电解液及六氟磷酸锂的生产", "electrolyte"),
        ("锂电铜箔生产加工", "foils_parts"), ("锂电池涂布机、卷绕机研制", "production_equipment"),
        ("动力电池包及电池模组的组装", "modules_packs"), ("三元前驱体材料制造", "cathode"),
        ("钠离子电池研发、制造", "cells"), ("硅碳负极材料研发及生产", "anode"), ("电池结构件及铝壳制造", "foils_parts"),
        ("电池安全检测服务；电池循环寿命测试", "testing_certification"), ("工商业储能设备生产", "energy_storage"),
        ("退役电池拆解回收；资源再生利用", "recycling"), ("固态电池研发及中试生产", "cells"),
        ("储能变流器（PCS）制造", "energy_storage"), ("锂电池叠片机及化成分容设备制造", "production_equipment"),
        ("换电站设备制造及换电服务", "charging"), ("湿法锂电池隔膜及涂覆隔膜的研发、制造", "separator"),
    ],
    "intelligent_equipment": [
        ("工业机器人制造；工业机器人安装、维修", "industrial_robots"), ("谐波减速器及精密传动部件生产", "precision_transmission"),
        ("伺服电机及伺服驱动器的研发、制造", "motors_drives"), ("数控机床及加工中心制造", "cnc_machine_tools"),
        ("钨钼制品及难熔金属材料加工", "special_materials"), ("特种电缆、机器人拖链电缆生产", "cables_wires"),
        ("高低压成套开关设备、配电柜制造", "power_electrical"), ("AGV自动导引车及智能仓储设备制造", "intelligent_logistics"),
        ("机器视觉检测设备研发、生产", "test_measurement"), ("自动化生产线及非标自动化设备设计、集成", "system_integration"),
        ("金属3D打印设备（增材制造装备）研制", "additive_manufacturing"), ("运动控制器及PLC可编程控制器生产", "controllers"),
        ("工业软件开发；制造执行系统（MES）开发", "industrial_software"), ("协作机器人及机械臂研发、组装", "industrial_robots"),
        ("光纤激光切割机制造", "cnc_machine_tools"), ("高温合金及硬质合金刀具制造", "special_materials"),
        ("光电编码器、力矩传感器制造", "electronic_components"), ("立体仓库、堆垛机及输送线制造", "intelligent_logistics"),
        ("数字化车间及智能工厂整体解决方案集成", "system_integration"), ("数控系统研发及生产", "controllers"),
        ("机床再制造及设备改造服务", "maintenance_services"), ("滚珠丝杠、直线导轨生产", "precision_transmission"),
        ("箱式变电站、断路器生产", "power_electrical"), ("电力电缆、控制电缆制造", "cables_wires"),
        ("三坐标测量机及无损检测设备制造", "test_measurement"),
    ],
    "auto_parts": [
        ("汽车零部件及配件制造（车身冲压件、焊接总成）", "body_structure"), ("汽车线束及高压连接器的生产", "wiring_harness"),
        ("新能源汽车驱动电机及电机控制器研发、制造", "ev_drive"), ("汽车制动系统、转向器制造", "chassis"),
        ("汽车内饰件、仪表板总成生产", "interior_exterior"), ("铝合金压铸件及汽车轮毂制造", "castings_forgings"),
        ("汽车电子产品研发、生产；车载摄像头制造", "auto_electronics"), ("汽车空调及热管理系统零部件制造", "thermal_management"),
        ("汽车座椅及门板生产", "interior_exterior"), ("一体化压铸车身结构件生产", "castings_forgings"),
        ("新能源汽车整车制造", "vehicle_assembly"), ("专用车改装及制造", "vehicle_assembly"),
        ("毫米波雷达、域控制器研发及生产", "auto_electronics"), ("变速箱及传动轴制造", "powertrain"),
        ("汽车发动机及变速箱再制造", "aftermarket"), ("改性塑料及汽车塑料件生产", "plastics_rubber"),
        ("汽车橡胶密封条制造", "plastics_rubber"), ("高强钢汽车板加工", "steel_aluminum"),
        ("悬架系统及减震器生产", "chassis"), ("多合一电驱总成制造", "ev_drive"), ("子午线轮胎生产", "tires_wheels"),
        ("防撞梁总成及白车身零部件制造", "body_structure"), ("电动压缩机及电池液冷板生产", "thermal_management"),
        ("涡轮增压器及发动机零部件制造", "powertrain"), ("汽车铝合金型材挤压加工", "steel_aluminum"),
    ],
    "data_center": [
        ("数据中心运营；机柜租赁；服务器托管服务", "idc_operation"), ("服务器及存储设备研发、生产", "servers"),
        ("数据中心液冷系统及精密空调制造", "cooling"), ("云计算服务；算力调度平台运营", "cloud_computing"),
        ("数据标注服务；数据清洗及加工", "data_services"), ("网络安全服务；数据安全产品开发", "security"),
        ("400G光模块及数据中心交换机生产", "network_equipment"), ("不间断电源（UPS）及高压直流电源制造", "power_supply"),
        ("模块化机房及微模块数据中心制造", "racks_facility"), ("光伏电站及风电场的建设与运营", "green_power"),
        ("数据中心机房工程施工；弱电工程", "dc_construction"), ("基础电信业务；互联网接入服务", "network_links"),
        ("人工智能大模型研发及行业应用开发", "ai_applications"), ("AI芯片及GPU加速卡设计", "chips"),
        ("数据中心运维服务；动环监控", "om_services"), ("智算中心建设运营", "idc_operation"),
        ("边缘计算及算力租赁服务", "cloud_computing"), ("浸没式液冷服务器研制", "servers"),
        ("数据交易及数据要素流通服务", "data_services"), ("等级保护测评及态势感知平台开发", "security"),
        ("柴油发电机组及数据中心供配电设备生产", "power_supply"), ("间接蒸发冷却机组制造", "cooling"),
        ("集成电路设计；存储芯片研发", "chips"), ("光纤光缆制造", "network_equipment"), ("IT运维及机房运维服务", "om_services"),
    ],
}
SELLERS = ["锂电池销售；电池零配件销售", "汽车零配件批发；汽车零配件零售", "服务器、计算机软硬件及辅助设备批发",
           "工业机器人销售；智能机器人销售", "电线电缆经营", "充电桩销售", "光伏设备及元器件销售", "新能源汽车整车销售",
           "数控机床销售；机械零件、零部件销售", "蓄电池批发、零售", "电子元器件批发；通讯设备销售", "汽车新车销售；二手车经纪",
           "储能电池的销售及进出口", "轮胎销售；汽车装饰用品销售", "网络设备销售；交换机、路由器零售", "电池隔膜的销售"]
VAGUE = ["新能源技术研发", "新能源科技领域内的技术开发、技术咨询", "智能装备技术研发", "智能制造技术推广",
         "汽车技术咨询服务", "新能源汽车技术研发", "大数据技术服务", "信息技术咨询服务", "数字经济领域技术推广"]
UNRELATED = ["餐饮服务", "食品销售（仅销售预包装食品）", "组织文化艺术交流活动", "旅游业务", "医疗器械销售", "服装服饰零售",
             "教育咨询服务（不含涉许可审批的教育培训活动）", "房地产经纪", "家政服务", "图书出版物零售", "健身休闲活动",
             "中药饮片加工", "花卉种植", "美容服务"]
FILLER = ["技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "软件开发", "货物进出口", "技术进出口", "进出口代理",
          "会议及展览服务", "企业管理咨询", "五金产品零售", "电子产品销售", "机械设备销售", "日用百货销售", "办公用品销售",
          "计算机软硬件及辅助设备零售", "普通机械设备安装服务", "租赁服务（不含许可类租赁服务）", "市场营销策划",
          "金属材料销售", "化工产品销售（不含许可类化工产品）", "塑料制品销售", "仪器仪表销售", "专业设计服务", "工业设计服务",
          "非居住房地产租赁", "国内贸易代理", "销售代理", "广告设计、代理", "信息系统集成服务", "人力资源服务（不含职业中介活动）",
          "社会经济咨询服务", "环保咨询服务", "机械零件、零部件销售", "新材料技术研发", "物联网技术服务"]
CODES = {"power_battery": "C3841", "intelligent_equipment": "C3491", "auto_parts": "C3660", "data_center": "I6550"}


def scope(rng, telling):
    items = rng.sample(FILLER, rng.randint(3, 9)) + telling
    rng.shuffle(items)
    return "一般项目：" + "；".join(items) + "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"


def build(n=340, seed=7):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        draw = rng.random()
        split = "dev" if i % 2 == 0 else "test"
        if draw < 0.66:
            chain = rng.choice(sorted(TELLING))
            # Each phrase belongs to one half, so test texts use phrases the dev half never shows.
            bank = [p for j, p in enumerate(TELLING[chain]) if (j % 2 == 0) == (split == "dev")]
            picks = rng.sample(bank, rng.choice([1, 1, 2]))
            telling, gold, kind = [p for p, _ in picks], chain, "maker"
            segment = ";".join(sorted({seg for _, seg in picks}))
            if rng.random() < 0.3:
                telling.append(rng.choice(SELLERS))
        elif draw < 0.82:
            telling, gold, segment, kind = rng.sample(SELLERS, rng.choice([1, 2])), "none", "", "seller"
        elif draw < 0.90:
            telling, gold, segment, kind = [rng.choice(VAGUE)], "none", "", "vague"
        else:
            telling, gold, segment, kind = rng.sample(UNRELATED, 2), "none", "", "unrelated"
        code_draw = rng.random()
        code = CODES.get(gold, "") if code_draw < 0.3 else rng.choice(["7519", "5179", "M7519"]) if code_draw < 0.65 else ""
        rows.append({"id": f"L{i:03d}", "split": split, "kind": kind, "gold_chain": gold,
                     "gold_segment": segment, "industry_code": code, "business_scope": scope(rng, telling)})
    return rows


if __name__ == "__main__":
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} labelled scopes to {OUT}")
