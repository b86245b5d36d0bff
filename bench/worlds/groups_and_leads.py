"""World "groups_and_leads": an outside author's simulated investment-promotion history.

Written without reading how the product computes its features. What drives a landing here:

* the trade a firm really works in (own taxonomy below, 31 chain trades and 16 trades of no chain,
  several of which look like a chain in their registry text: sellers, repairers, charging operators,
  software firms holding an IDC licence);
* observable traits with non-linear effects (size peaks in the middle, intent as reported, tags,
  age, very large head-counts, the district — and after the 京唐城际 opening on 2022-12-30 the
  eastern districts gain: a time shift the history before that date does not show);
* corporate groups (parent, subsidiaries, branches): staff approach them eagerly and they sign
  often, but they rarely land (penalty scaled by ``relations_effect``);
* a hidden per-firm lead quality that drives both whom staff approach and whether the firm lands,
  and is in no file;
* supply links to the region's chain leaders (seller to a leader, buyer from a leader, or tied to a
  leader of another chain), scaled by ``relations_effect``;
* unobserved noise per firm and per (firm, chain).

See README_groups_and_leads.md next to this file.
"""
from __future__ import annotations

import csv
import datetime as dt
import pathlib

import numpy as np
import pandas as pd

NAME = "groups_and_leads"
AS_OF = dt.date(2026, 6, 30)
START = dt.date(2021, 7, 1)
RAIL_OPENING = dt.date(2022, 12, 30)  # 京唐城际 opening: eastern districts gain from then on

CHAINS = ["intelligent_equipment", "power_battery", "auto_parts", "data_center"]
CHAIN_WRITINGS = {
    "intelligent_equipment": ["intelligent_equipment", "智能装备", "智能装备产业链"],
    "power_battery": ["power_battery", "动力电池", "动力电池产业链"],
    "auto_parts": ["auto_parts", "汽车零部件", "汽车配件", "汽车配件产业链"],
    "data_center": ["data_center", "数据中心", "算力", "东数西算"],
}

LEADERS = [  # the seed's chain leaders (real names as printed in the seed; nothing else is claimed of them)
    ("国安盟固利", "power_battery"),
    ("荣盛盟固利", "power_battery"),
    ("林德英利", "auto_parts"),
    ("联想工业", "auto_parts"),
    ("安泰天龙钨钼", "intelligent_equipment"),
    ("瑞源电缆", "intelligent_equipment"),
    ("首瑞电气", "intelligent_equipment"),
]
PARKS = ["宝坻经济开发区", "京津中关村科技城", "京津新城", "高铁站前区"]

# ---------------------------------------------------------------- industry codes (GB/T 4754-2017)
CODE_NAMES = {
    "2613": "无机盐制造", "2669": "其他专用化学产品制造", "2913": "橡胶零件制造", "2922": "塑料薄膜制造",
    "3091": "石墨及碳素制品制造", "3231": "钨钼冶炼", "3240": "有色金属合金制造", "3360": "金属表面处理及热处理加工",
    "3392": "有色金属铸造", "3421": "金属切削机床制造", "3424": "金属切割及焊接设备制造",
    "3453": "齿轮及齿轮减、变速箱制造", "3464": "制冷、空调设备制造", "3491": "工业机器人制造",
    "3562": "电子工业专用设备制造", "3581": "医疗诊断、监护及治疗设备制造", "3670": "汽车零部件及配件制造",
    "3812": "电动机制造", "3823": "配电开关控制设备制造", "3824": "电力电子元器件制造", "3831": "电线、电缆制造",
    "3832": "光纤制造", "3841": "锂离子电池制造", "3849": "其他电池制造", "3911": "计算机整机制造",
    "3912": "计算机零部件制造", "3976": "光电子器件制造", "3985": "电子专用材料制造", "3990": "其他电子设备制造",
    "4011": "工业自动控制系统装置制造", "4019": "其他通用仪器制造", "4028": "电子测量仪器制造",
    "4210": "金属废料和碎屑加工处理", "4220": "非金属废料和碎屑加工处理", "5011": "公共建筑装饰和装修",
    "5172": "汽车及零配件批发", "5175": "电气设备批发", "5179": "其他机械设备及电子产品批发",
    "5263": "汽车零配件零售", "5431": "普通货物道路运输", "6210": "正餐服务", "6429": "互联网其他信息服务",
    "6450": "互联网数据服务", "6511": "基础软件开发", "6513": "应用软件开发", "6531": "信息系统集成服务",
    "6550": "信息处理和存储支持服务", "7020": "物业管理", "7111": "汽车租赁", "7251": "互联网广告服务",
    "7259": "其他广告服务", "7299": "其他未列明商务服务业", "7320": "工程和技术研究和试验发展",
    "7513": "新材料技术推广服务", "7515": "新能源技术推广服务", "7519": "其他技术推广服务",
    "8111": "汽车修理与维护", "8391": "职业技能培训",
}
SECTION_NAMES = {"C": "制造业", "F": "批发和零售业", "G": "交通运输、仓储和邮政业", "H": "住宿和餐饮业",
                 "I": "信息传输、软件和信息技术服务业", "K": "房地产业", "L": "租赁和商务服务业",
                 "M": "科学研究和技术服务业", "O": "居民服务、修理和其他服务业", "E": "建筑业", "P": "教育"}


def _section(code: str) -> str:
    d = int(code[:2])
    if 13 <= d <= 43:
        return "C"
    for lo, hi, s in [(47, 50, "E"), (51, 52, "F"), (53, 60, "G"), (61, 62, "H"), (63, 65, "I"), (70, 70, "K"),
                      (71, 72, "L"), (73, 75, "M"), (80, 82, "O"), (83, 83, "P")]:
        if lo <= d <= hi:
            return s
    return "M"


# ---------------------------------------------------------------- the author's trade taxonomy
def T(chain, base, codes, new, old, prod, nw, sup=0.0, cross=None, lic=(), lure=None, share=1.0):
    return dict(chain=chain, base=base, codes=codes, new=new, old=old, prod=prod, nw=nw, sup=sup,
                cross=cross, lic=list(lic), lure=lure, share=share)


TRADES = {
    # power_battery
    "pb_cathode": T("power_battery", -0.6, ["3985", "2613"],
                    ["电子专用材料制造", "电子专用材料研发", "电子专用材料销售", "新材料技术研发"],
                    ["锂离子电池正极材料的研发、生产、销售", "磷酸铁锂材料的技术开发", "三元前驱体的生产（限在外埠从事生产经营活动）"],
                    ["磷酸铁锂正极材料", "高镍三元正极材料", "NCM811前驱体", "锰酸锂"], ["新材料科技", "锂能材料", "新能源材料"], 0.25),
    "pb_anode": T("power_battery", -0.7, ["3091"],
                  ["石墨及碳素制品制造", "石墨及碳素制品销售", "石墨烯材料销售", "新材料技术推广服务"],
                  ["人造石墨负极材料的研发、销售", "硅碳负极材料的技术开发"],
                  ["人造石墨负极", "硅碳负极材料", "针状焦"], ["碳材料科技", "新材料"], 0.2),
    "pb_separator": T("power_battery", -0.4, ["2922"],
                      ["塑料制品制造", "电池零配件生产", "电池零配件销售", "新型膜材料制造"],
                      ["锂电池隔膜的研发、生产、销售", "湿法隔膜涂覆加工（限在外埠从事生产经营活动）"],
                      ["湿法隔膜", "陶瓷涂覆隔膜", "PE基膜"], ["膜科技", "新材料"], 0.25),
    "pb_electrolyte": T("power_battery", -0.6, ["2669"],
                        ["专用化学产品制造（不含危险化学品）", "专用化学产品销售（不含危险化学品）"],
                        ["锂离子电池电解液的研发、销售（不含危险化学品）", "六氟磷酸锂的技术开发"],
                        ["锂电池电解液", "六氟磷酸锂", "电解液添加剂"], ["化学科技", "新能源材料"], 0.2,
                        lic=["危险化学品生产", "危险化学品经营"]),
    "pb_cell": T("power_battery", -1.0, ["3841"],
                 ["电池制造", "电池销售", "储能技术服务"],
                 ["锂离子电池的生产（限在外埠从事生产经营活动）", "动力电池的技术开发、销售"],
                 ["方形动力电芯", "磷酸铁锂电芯", "软包电池", "储能电芯"], ["新能源科技", "动力电池", "能源科技"], 0.1),
    "pb_bms": T("power_battery", -0.5, ["3849", "4011"],
                ["电池零配件生产", "输配电及控制设备制造", "软件开发", "集成电路设计"],
                ["电池管理系统的技术开发、销售", "BMS控制板的生产（限分支机构经营）"],
                ["电池管理系统BMS", "电池均衡板", "高压盒"], ["电子科技", "智能控制"], 0.2, cross="auto_parts"),
    "pb_pack": T("power_battery", -0.7, ["3841", "3849"],
                 ["电池零配件生产", "电池制造", "新能源汽车电附件销售"],
                 ["电池模组及PACK的组装（限在外埠从事生产经营活动）", "电池包结构件的销售"],
                 ["动力电池PACK", "电池包箱体", "储能电池柜"], ["能源科技", "电源科技"], 0.15, cross="auto_parts"),
    "pb_recycle": T("power_battery", -0.3, ["4210", "4220"],
                    ["资源再生利用技术研发", "再生资源回收（除生产性废旧金属）",
                     "新能源汽车废旧动力蓄电池回收及梯次利用（不含危险废物经营）"],
                    ["废旧锂电池回收利用的技术开发", "梯次利用储能产品的销售"],
                    ["废旧动力电池回收", "梯次利用储能", "再生碳酸锂"], ["再生资源", "循环科技", "环保科技"], 0.15,
                    lic=["危险废物经营"]),
    "pb_equipment": T("power_battery", -0.9, ["3562"],
                      ["电子专用设备制造", "专用设备制造（不含许可类专业设备制造）", "机械设备研发"],
                      ["锂电池生产设备的研发、销售", "涂布机、卷绕机的技术开发"],
                      ["锂电涂布机", "全自动卷绕机", "化成分容设备"], ["智能装备", "自动化设备"], 0.15,
                      cross="intelligent_equipment"),
    # auto_parts
    "ap_seat": T("auto_parts", -0.8, ["3670"],
                 ["汽车零部件及配件制造", "汽车零配件批发", "家具零配件生产"],
                 ["汽车座椅及骨架的生产（限在外埠从事生产经营活动）", "汽车内饰件的销售"],
                 ["汽车座椅骨架", "座椅调角器", "汽车内饰件"], ["汽车部件", "汽车内饰"], 0.2),
    "ap_stamping": T("auto_parts", -0.6, ["3670", "3360"],
                     ["汽车零部件及配件制造", "金属结构制造", "模具制造"],
                     ["汽车冲压件、焊接件的加工", "汽车模具的设计、制造（限在外埠从事生产经营活动）"],
                     ["车身冲压件", "白车身焊接总成", "冲压模具"], ["汽车部件", "精密冲压", "模具"], 0.25),
    "ap_harness": T("auto_parts", -0.5, ["3670", "3831"],
                    ["汽车零部件及配件制造", "电线、电缆经营", "电子元器件制造"],
                    ["汽车线束的生产（限在外埠从事生产经营活动）", "连接器的销售"],
                    ["整车线束", "高压线束", "汽车连接器"], ["汽车电子", "线束科技"], 0.2, cross="power_battery"),
    "ap_brake": T("auto_parts", -0.9, ["3670"],
                  ["汽车零部件及配件制造", "汽车零部件研发"],
                  ["汽车制动系统的技术开发", "制动钳、制动盘的销售"],
                  ["电子驻车制动", "制动卡钳", "线控制动"], ["汽车科技", "制动系统"], 0.15),
    "ap_electronics": T("auto_parts", -0.7, ["3670", "3990"],
                        ["汽车零部件研发", "汽车零部件及配件制造", "电子元器件与机电组件设备制造", "智能车载设备制造"],
                        ["车载电子产品的技术开发", "汽车电子控制器的生产（限分支机构经营）"],
                        ["车身控制器", "车载摄像头模组", "域控制器"], ["汽车电子", "智能科技"], 0.15),
    "ap_lightweight": T("auto_parts", -0.5, ["3392", "3670"],
                        ["有色金属铸造", "汽车零部件及配件制造", "有色金属压延加工"],
                        ["铝合金压铸件的生产（限在外埠从事生产经营活动）", "汽车轻量化技术开发"],
                        ["铝合金副车架", "一体化压铸件", "镁合金仪表盘支架"], ["轻量化科技", "精密铸造"], 0.2),
    "ap_rubber": T("auto_parts", -0.9, ["2913"],
                   ["橡胶制品制造", "橡胶制品销售", "密封件制造"],
                   ["汽车橡胶密封件的生产、销售", "减震橡胶制品的技术开发"],
                   ["车门密封条", "悬置减震件", "胶管总成"], ["橡塑制品", "密封科技"], 0.15),
    "ap_motor": T("auto_parts", -0.8, ["3812"],
                  ["电机制造", "电动机制造", "汽车零部件及配件制造"],
                  ["新能源汽车驱动电机的技术开发", "电机控制器的销售"],
                  ["永磁同步驱动电机", "电机控制器", "扁线电机"], ["电驱科技", "电机"], 0.15, cross="power_battery"),
    # intelligent_equipment
    "ie_robot": T("intelligent_equipment", -0.8, ["3491"],
                  ["工业机器人制造", "工业机器人销售", "智能机器人的研发", "工业机器人安装、维修"],
                  ["工业机器人的技术开发、销售", "机器人系统集成"],
                  ["六轴工业机器人", "焊接机器人工作站", "协作机器人"], ["机器人科技", "智能装备"], 0.12),
    "ie_cnc": T("intelligent_equipment", -0.9, ["3421", "3424"],
                ["数控机床制造", "数控机床销售", "金属切削机床制造", "激光打标加工"],
                ["数控机床的生产（限在外埠从事生产经营活动）", "激光切割设备的销售"],
                ["五轴加工中心", "光纤激光切割机", "数控车床"], ["数控科技", "精密机械", "激光科技"], 0.12),
    "ie_reducer": T("intelligent_equipment", -0.6, ["3453", "3812"],
                    ["齿轮及齿轮减、变速箱制造", "伺服控制机构制造", "电机及其控制系统研发"],
                    ["精密减速器的技术开发", "伺服电机的销售"],
                    ["RV减速器", "谐波减速器", "交流伺服电机"], ["传动科技", "精密传动"], 0.15, cross="auto_parts"),
    "ie_sensor": T("intelligent_equipment", -0.7, ["4028", "4019"],
                   ["智能仪器仪表制造", "敏感元件及传感器制造", "工业自动控制系统装置制造"],
                   ["传感器的技术开发、销售", "工业测量仪表的生产（限分支机构经营）"],
                   ["压力传感器", "激光位移传感器", "机器视觉相机"], ["传感技术", "测控科技"], 0.15),
    "ie_cable": T("intelligent_equipment", -0.4, ["3831"],
                  ["电线、电缆经营", "电力电子元器件制造", "光缆销售"],
                  ["特种电缆的生产（限在外埠从事生产经营活动）", "电线电缆的销售"],
                  ["机器人拖链电缆", "新能源汽车高压电缆", "数据中心用阻燃电缆"], ["电缆", "线缆科技"], 0.3,
                  cross="data_center", lic=["电线、电缆制造"]),
    "ie_switchgear": T("intelligent_equipment", -0.5, ["3823"],
                       ["配电开关控制设备制造", "输配电及控制设备制造", "智能输配电及控制设备销售"],
                       ["高低压成套开关设备的生产、销售", "箱式变电站的技术开发"],
                       ["高压开关柜", "箱式变电站", "智能配电柜"], ["电气", "电力设备"], 0.25, cross="data_center"),
    "ie_tungsten": T("intelligent_equipment", -0.5, ["3240", "3231"],
                     ["有色金属合金制造", "有色金属合金销售", "金属材料制造", "新材料技术研发"],
                     ["钨钼制品的生产（限在外埠从事生产经营活动）", "硬质合金刀具的销售"],
                     ["钼靶材", "钨铜合金", "硬质合金刀具"], ["金属材料", "合金科技"], 0.25),
    "ie_plc": T("intelligent_equipment", -0.8, ["4011"],
                ["工业自动控制系统装置制造", "工业控制计算机及系统制造", "软件开发"],
                ["自动化控制系统的技术开发、技术服务", "PLC控制柜的组装（限分支机构经营）"],
                ["PLC控制系统", "DCS系统", "工业网关"], ["自动化", "智能控制"], 0.12),
    # data_center
    "dc_server": T("data_center", -1.0, ["3911", "3912"],
                   ["计算机软硬件及外围设备制造", "计算机系统服务", "计算机软硬件及辅助设备批发"],
                   ["服务器的生产（限在外埠从事生产经营活动）", "计算机整机的技术开发"],
                   ["机架式服务器", "GPU服务器", "存储服务器"], ["计算机", "信息技术", "算力科技"], 0.05),
    "dc_cooling": T("data_center", -0.5, ["3464"],
                    ["制冷、空调设备制造", "制冷、空调设备销售", "机械设备研发", "余热余压余气利用技术研发"],
                    ["精密空调的技术开发、销售", "液冷设备的组装（限分支机构经营）"],
                    ["冷板式液冷系统", "机房精密空调", "浸没式液冷机柜"], ["制冷科技", "温控技术"], 0.05),
    "dc_ups": T("data_center", -0.6, ["3824", "3849"],
                ["电力电子元器件制造", "储能技术服务", "配电开关控制设备研发", "电池零配件销售"],
                ["UPS不间断电源的销售", "模块化电源的技术开发"],
                ["模块化UPS", "高压直流电源", "数据中心配电列头柜"], ["电源技术", "电力电子"], 0.1, cross="power_battery"),
    "dc_ops": T("data_center", -0.9, ["6450", "6550"],
                ["数据处理和存储支持服务", "信息系统集成服务", "信息技术咨询服务"],
                ["数据中心的运营维护", "机房托管服务"],
                ["IDC机柜租赁", "算力租赁", "云主机托管"], ["数据科技", "云计算", "算力"], 0.02,
                lic=["第一类增值电信业务（互联网数据中心业务）", "第二类增值电信业务"]),
    "dc_optical": T("data_center", -0.7, ["3976", "3832"],
                    ["光电子器件制造", "光通信设备制造", "光纤制造"],
                    ["光模块的技术开发、销售", "光纤跳线的生产（限分支机构经营）"],
                    ["400G光模块", "光纤配线架", "MPO跳线"], ["光电", "光通信"], 0.05),
    # firms of no chain (lure: the chain staff sometimes wrongly approach them for)
    "x_software": T(None, None, ["6513", "6511"],
                    ["软件开发", "信息技术咨询服务", "数据处理服务", "人工智能应用软件开发"],
                    ["计算机软件开发", "技术开发、技术转让、技术咨询、技术服务"],
                    ["SaaS管理软件", "政务软件", "移动应用"], ["软件", "信息技术", "网络科技"], share=5.0),
    "x_idc_soft": T(None, None, ["6513", "6429"],
                    ["软件开发", "互联网数据服务", "云计算装备技术服务", "信息系统运行维护服务"],
                    ["计算机软件开发", "互联网信息服务"],
                    ["云平台软件", "数据中台"], ["云科技", "数据科技"], lure="data_center", share=1.6,
                    lic=["第一类增值电信业务（互联网数据中心业务）", "第二类增值电信业务", "互联网信息服务"]),
    "x_internet": T(None, None, ["6429", "7251"],
                    ["互联网销售（除销售需要许可的商品）", "广告设计、代理", "组织文化艺术交流活动"],
                    ["互联网信息服务", "设计、制作、代理、发布广告"],
                    ["内容平台", "网络营销"], ["网络科技", "互动传媒"], share=3.0,
                    lic=["第二类增值电信业务", "网络文化经营"]),
    "x_battery_trade": T(None, None, ["5179", "5175"],
                         ["电池销售", "新能源汽车电附件销售", "电子产品销售", "五金产品批发"],
                         ["销售电池、电子产品、五金交电（不含生产）"],
                         ["铅酸蓄电池（代理）", "锂电池（经销）"], ["商贸", "能源贸易"], lure="power_battery", share=1.8),
    "x_parts_trade": T(None, None, ["5172", "5263"],
                       ["汽车零配件批发", "汽车零配件零售", "轮胎销售", "润滑油销售"],
                       ["销售汽车配件、机械设备（不含生产）"],
                       ["汽车配件（代理销售）", "轮胎"], ["汽配", "商贸"], lure="auto_parts", share=2.0),
    "x_car_repair": T(None, None, ["8111"],
                      ["机动车修理和维护", "汽车零配件零售", "洗车服务", "汽车装饰用品销售"],
                      ["三类机动车维修（车身清洁维护、涂漆、轮胎动平衡及修补）"],
                      ["汽车保养维修"], ["汽车服务", "汽修"], lure="auto_parts", share=1.8,
                      lic=["机动车检验检测服务"]),
    "x_car_lease": T(None, None, ["7111"],
                     ["小微型客车租赁经营服务", "汽车租赁", "二手车经纪"],
                     ["汽车租赁（不含九座以上客车）"], ["汽车租赁"], ["汽车租赁", "出行科技"], lure="auto_parts", share=1.0,
                     lic=["网络预约出租汽车经营服务"]),
    "x_logistics": T(None, None, ["5431"],
                     ["普通货物仓储服务（不含危险化学品等需许可审批的项目）", "国内货物运输代理", "装卸搬运"],
                     ["普通货运", "仓储服务"], ["城市配送"], ["物流", "供应链管理"], share=1.6,
                     lic=["道路货物运输（不含危险货物）"]),
    "x_media": T(None, None, ["7259"],
                 ["广告制作", "广告发布", "组织文化艺术交流活动", "电影摄制服务"],
                 ["设计、制作、代理、发布广告", "承办展览展示活动"],
                 ["品牌推广"], ["文化传媒", "传媒"], share=2.0, lic=["广播电视节目制作经营"]),
    "x_property": T(None, None, ["7020"],
                    ["物业管理", "停车场服务", "家政服务"], ["物业管理", "房地产信息咨询"],
                    ["物业服务"], ["物业管理", "置业"], share=1.5),
    "x_catering": T(None, None, ["6210"],
                    ["餐饮管理", "食品销售（仅销售预包装食品）"], ["餐饮服务", "销售食品"],
                    ["中餐", "团餐"], ["餐饮管理", "餐饮"], share=1.5, lic=["餐饮服务", "食品经营"]),
    "x_consult": T(None, None, ["7299"],
                   ["企业管理咨询", "市场营销策划", "会议及展览服务", "信息咨询服务（不含许可类信息咨询服务）"],
                   ["经济贸易咨询", "企业管理咨询"], ["管理咨询"], ["咨询", "企业管理"], share=2.0),
    "x_tech_generic": T(None, None, ["7519", "7320"],
                        ["技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "机械设备销售", "电子元器件批发",
                         "新能源原动设备销售"],
                        ["技术开发、技术咨询、技术服务", "销售机械设备、电子产品"],
                        ["技术服务"], ["科技", "科技发展"], lure="any", share=3.0),
    "x_construction": T(None, None, ["5011"],
                        ["住宅室内装饰装修", "园林绿化工程施工", "工程管理服务"],
                        ["专业承包", "施工总承包"], ["装饰工程"], ["建设工程", "装饰工程"], share=1.0,
                        lic=["建设工程施工", "电力设施承装、承修、承试"]),
    "x_medical": T(None, None, ["3581"],
                   ["第一类医疗器械生产", "第二类医疗器械销售", "医学研究和试验发展"],
                   ["生产一类医疗器械", "销售二类医疗器械"], ["监护仪", "超声诊断设备"], ["医疗科技", "医疗器械"],
                   lure="intelligent_equipment", share=1.0, lic=["第二类医疗器械生产"]),
    "x_charging": T(None, None, ["7515"],
                    ["充电桩销售", "集中式快速充电站", "机动车充电销售", "太阳能发电技术服务"],
                    ["新能源汽车充电设施的技术服务"], ["充电运营"], ["充电科技", "新能源科技"],
                    lure="power_battery", share=1.0),
    "x_edu": T(None, None, ["8391"],
               ["教育咨询服务（不含涉许可审批的教育培训活动）", "业务培训（不含教育培训、职业技能培训等需取得许可的培训）"],
               ["教育咨询（中介服务除外）"], ["职业培训"], ["教育科技", "文化发展"], share=1.0),
}
CHAIN_TRADES = [k for k, v in TRADES.items() if v["chain"]]
OTHER_TRADES = [k for k, v in TRADES.items() if not v["chain"]]

SIDE_NEW = ["技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "货物进出口", "技术进出口", "进出口代理",
            "会议及展览服务", "办公用品销售", "机械设备租赁", "信息咨询服务（不含许可类信息咨询服务）", "非居住房地产租赁",
            "五金产品零售", "日用百货销售", "计算机软硬件及辅助设备零售", "企业管理", "软件开发", "专业设计服务",
            "工程管理服务", "普通机械设备安装服务", "仪器仪表销售", "金属材料销售", "电子产品销售",
            "化工产品销售（不含许可类化工产品）", "劳务服务（不含劳务派遣）", "广告设计、代理", "社会经济咨询服务"]
SIDE_OLD = ["技术开发、技术咨询、技术服务", "货物进出口、技术进出口、代理进出口", "销售机械设备、五金交电、电子产品",
            "经济贸易咨询", "承办展览展示活动", "租赁建筑工程机械", "计算机系统服务", "销售化工产品（不含危险化学品）",
            "企业管理咨询", "设计、制作、代理、发布广告"]
LURE_NEW = {"power_battery": ["电池销售", "储能技术服务", "新能源汽车电附件销售"],
            "auto_parts": ["汽车零配件零售", "汽车零部件研发", "新能源汽车整车销售"],
            "intelligent_equipment": ["工业机器人销售", "智能控制系统集成", "电线、电缆经营"],
            "data_center": ["数据处理和存储支持服务", "云计算装备技术服务", "大数据服务"]}
OLD_TAIL = ["（市场主体依法自主选择经营项目，开展经营活动；依法须经批准的项目，经相关部门批准后依批准的内容开展经营活动；"
            "不得从事国家和本市产业政策禁止和限制类项目的经营活动。）",
            "（企业依法自主选择经营项目，开展经营活动；依法须经批准的项目，经相关部门批准后依批准的内容开展经营活动；"
            "不得从事本市产业政策禁止和限制类项目的经营活动。）", ""]
NEW_GEN_TAIL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
NEW_LIC_TAIL = "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）"
NEW_END = ["（不得从事国家和本市产业政策禁止和限制类项目的经营活动。）", ""]

DISTRICTS = ["海淀区", "朝阳区", "丰台区", "大兴区", "北京经济技术开发区", "通州区", "顺义区", "昌平区", "房山区",
             "西城区", "东城区", "石景山区", "门头沟区", "怀柔区", "平谷区", "密云区", "延庆区"]
DISTRICT_W = np.array([.19, .15, .08, .08, .10, .08, .07, .08, .04, .02, .02, .02, .01, .02, .015, .01, .005])
DISTRICT_CODE = {"海淀区": "110108", "朝阳区": "110105", "丰台区": "110106", "大兴区": "110115",
                 "北京经济技术开发区": "110302", "通州区": "110112", "顺义区": "110113", "昌平区": "110114",
                 "房山区": "110111", "西城区": "110102", "东城区": "110101", "石景山区": "110107",
                 "门头沟区": "110109", "怀柔区": "110116", "平谷区": "110117", "密云区": "110118", "延庆区": "110119"}
BASE_SHIFT = -1.4  # moves every trade's base: about one approached chain firm in four lands
EAST = {"通州区", "朝阳区"}            # gain once the 京唐城际 runs
CORE = {"海淀区", "西城区", "东城区"}   # R&D heads that keep their seat

BRAND = list("瀚锐昊晟泓瑞鼎华博恒骏驰宇嘉澜朗峰湃源启拓睿衡铂钧麟烨熠弘涵琨霆致远锦程星辰汇通诺航智川越腾祥安达泰宏凯盛钛铭灏翔岳德信")
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def _credit_code(rng, area: str, used: set) -> str:
    while True:
        body = "91" + area + "".join(rng.choice(list(CODE_CHARS[:10] + "ABCDEFGHJKLMNPQRTUWXY"), 9))
        s = sum(CODE_CHARS.index(c) * w for c, w in zip(body, CODE_W))
        code = body + CODE_CHARS[(31 - s % 31) % 31]
        if code not in used:
            used.add(code)
            return code


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _pick(rng, seq, k):
    k = min(k, len(seq))
    return [seq[i] for i in rng.choice(len(seq), k, replace=False)]


def _scope(rng, trade: str, founded: dt.date, trade2: str | None, lure_chain: str | None) -> str:
    t = TRADES[trade]
    new_form = founded.year >= 2021 or rng.random() < 0.45
    if new_form:
        items = _pick(rng, t["new"], rng.integers(1, len(t["new"]) + 1))
        if trade2:
            items += _pick(rng, TRADES[trade2]["new"], 1)
        if lure_chain and rng.random() < 0.8:
            items += _pick(rng, LURE_NEW[lure_chain], rng.integers(1, 3))
        side = _pick(rng, SIDE_NEW, rng.integers(1, 9))
        items = items + side if rng.random() < 0.6 else side[:1] + items + side[1:]
        items = list(dict.fromkeys(items))
        if t["chain"] is None and trade in ("x_battery_trade", "x_parts_trade") and rng.random() < 0.3:
            items[0] = items[0] + "（不含生产）"
        text = "一般项目：" + "；".join(items) + "。" + NEW_GEN_TAIL
        lic = list(t["lic"])
        if rng.random() < 0.12:
            lic.append(rng.choice(["道路货物运输（不含危险货物）", "第二类增值电信业务", "建设工程施工"]))
        lic = list(dict.fromkeys(l for l in lic if rng.random() < 0.75))
        if lic:
            text += "许可项目：" + "；".join(lic) + "。" + NEW_LIC_TAIL
        return text + rng.choice(NEW_END)
    items = _pick(rng, t["old"], rng.integers(1, len(t["old"]) + 1))
    if trade2:
        items += _pick(rng, TRADES[trade2]["old"], 1)
    if lure_chain and rng.random() < 0.7:
        items.append("销售" + rng.choice(["电池", "汽车配件", "机器人", "计算机、软件及辅助设备", "电线电缆"]))
    side = _pick(rng, SIDE_OLD, rng.integers(1, 6))
    items = side[:1] + items + side[1:] if rng.random() < 0.6 else items + side
    items = list(dict.fromkeys(items))
    tech = [x for x in items if x.startswith("技术开发")]
    items = [x for x in items if not x.startswith("技术开发") or x == tech[0]]  # one tech-service line
    if t["lic"] and rng.random() < 0.5:
        items.append(t["lic"][0].split("（")[0] if rng.random() < 0.5 else "互联网信息服务")
    return "；".join(items) + "。" + rng.choice(OLD_TAIL)


def _name(rng, trade: str, used: set, city="北京") -> str:
    t = TRADES[trade]
    forms = ["有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司"]
    for _ in range(1000):
        brand = "".join(rng.choice(BRAND, 2))
        nw = rng.choice(t["nw"])
        if rng.random() < 0.45:
            name = f"示例·{brand}（{city}）{nw}{rng.choice(forms)}"
        else:
            name = f"示例·{city}{brand}{nw}{rng.choice(forms)}"
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("names exhausted")


def _variant(rng, name: str) -> str:
    """How another registry writes the same firm's name."""
    v = name
    if "（" in v and rng.random() < 0.6:
        v = v.replace("（", "(").replace("）", ")")
    if v.endswith("有限责任公司") and rng.random() < 0.6:
        v = v[: -len("有限责任公司")] + "有限公司"
    elif v.endswith("有限公司") and not v.endswith("股份有限公司") and rng.random() < 0.4:
        v = v[: -len("有限公司")] + "有限责任公司"
    if rng.random() < 0.1:
        v = v + " "
    return v


def _fmt_num(rng, x, unit, p_unit=0.1, p_comma=0.5):
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    if rng.random() < p_unit:
        s = f"{x:,.0f}" if rng.random() < p_comma else f"{x:.0f}"
        return s + unit
    return float(round(x, 2)) if unit == "万元" else int(round(x))


def _industry(rng, trade: str, maker_generic: bool):
    t = TRADES[trade]
    r = rng.random()
    if r < 0.12:
        return None, None
    code = rng.choice(t["codes"])
    if maker_generic and t["chain"] and r < 0.22:  # Beijing makers registered as tech-promotion services
        code = rng.choice(["7513", "7515", "7519", "7320"])
    name = CODE_NAMES[code]
    if rng.random() < 0.08:
        name = SECTION_NAMES[_section(code)]
    if rng.random() < 0.5:
        code = _section(code) + code
    return code, name


def _rand_date(rng, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=int(rng.integers(0, max(1, (hi - lo).days))))


# ---------------------------------------------------------------- the world
def generate(out_dir: pathlib.Path, seed: int, n_enterprises: int = 6000, relations_effect: float = 1.0) -> dict:
    """Writes the world's contract files and truth into out_dir; returns
    {"enterprises": Path, "firms": Path, "deals": Path, "relations": Path | None,
     "truth": Path, "as_of": "YYYY-MM-DD", "description": str}"""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n = int(n_enterprises)
    used_codes: set = set()
    used_names: set = set()

    # -------- trades: ~36% of candidates work in a chain trade
    shares_other = np.array([TRADES[k]["share"] for k in OTHER_TRADES], float)
    is_chain = rng.random(n) < 0.36
    trade = np.where(is_chain, rng.choice(CHAIN_TRADES, n),
                     rng.choice(OTHER_TRADES, n, p=shares_other / shares_other.sum())).astype(object)

    # -------- corporate groups: a parent plus subsidiaries and branches, mostly in one chain
    n_groups = max(3, n // 110)
    group = np.full(n, -1)
    role = np.array([""] * n, dtype=object)
    order = rng.permutation(n)
    pos = 0
    for g in range(n_groups):
        size = int(rng.integers(3, 9))
        members = order[pos: pos + size]
        pos += size
        gchain = rng.choice(CHAINS)
        gtrades = [k for k in CHAIN_TRADES if TRADES[k]["chain"] == gchain]
        group[members] = g
        role[members[0]] = "parent"
        for j, m in enumerate(members):
            if j > 0:
                role[m] = "branch" if rng.random() < 0.45 else "subsidiary"
            trade[m] = rng.choice(gtrades) if rng.random() < 0.8 else rng.choice(OTHER_TRADES[:3])
    in_group = group >= 0

    trade2 = np.array([None] * n, dtype=object)
    for i in np.where(np.array([TRADES[t]["chain"] is not None for t in trade]) & (rng.random(n) < 0.15))[0]:
        other = [k for k in CHAIN_TRADES if TRADES[k]["chain"] != TRADES[trade[i]]["chain"]]
        trade2[i] = rng.choice(other)
    lure = np.array([None] * n, dtype=object)
    for i in range(n):
        lu = TRADES[trade[i]]["lure"]
        if lu == "any":
            lu = rng.choice(CHAINS) if rng.random() < 0.5 else None
        elif lu is None and TRADES[trade[i]]["chain"] is None and rng.random() < 0.05:
            lu = rng.choice(CHAINS)
        lure[i] = lu
    chain_of = np.array([TRADES[t]["chain"] for t in trade], dtype=object)

    # -------- observable traits
    district = rng.choice(DISTRICTS, n, p=DISTRICT_W / DISTRICT_W.sum())
    maker = chain_of != None  # noqa: E711
    log_cap = np.where(maker, rng.normal(np.log(3000), 1.2, n), rng.normal(np.log(500), 1.3, n))
    log_cap = np.where(role == "parent", rng.normal(np.log(60000), 0.8, n), log_cap)
    cap_raw = np.exp(log_cap).clip(3, 2_000_000)
    mag = 10.0 ** np.floor(np.log10(cap_raw) - 1)
    capital = np.round(cap_raw / mag) * mag  # two significant figures, as registries show
    employees = np.maximum(1, np.round(np.exp(0.55 * log_cap - 0.6 + rng.normal(0, 0.7, n)))).astype(int)
    revenue = np.exp(log_cap + rng.normal(0.3, 0.9, n))
    founded = [_rand_date(rng, dt.date(1995, 1, 1), dt.date(2025, 12, 31)) for _ in range(n)]
    founded = [f if rng.random() > 0.3 else _rand_date(rng, dt.date(2005, 1, 1), dt.date(2019, 12, 31)) for f in founded]
    tags_l = []
    for i in range(n):
        tg = []
        if rng.random() < (0.14 if maker[i] else 0.03):
            tg.append("专精特新")
        if rng.random() < (0.45 if maker[i] else 0.3 if trade[i] in ("x_software", "x_idc_soft") else 0.05):
            tg.append("高新技术企业")
        if rng.random() < (0.5 if role[i] == "parent" else 0.012):
            tg.append("上市公司")
        if rng.random() < 0.12:
            tg.append("科技型中小企业")
        if rng.random() < 0.02:
            tg.append("瞪羚企业")
        tags_l.append(tg)
    spec = np.array(["专精特新" in t for t in tags_l])
    listed = np.array(["上市公司" in t for t in tags_l])
    # reported relocation intent: mostly missing; makers in the centre say 是 more often
    pr_yes = np.where(maker, 0.5, 0.25) + np.where(np.isin(district, list(CORE)), 0.1, 0.0)
    r = rng.random(n)
    intent = np.where(r < pr_yes, "是", np.where(r < pr_yes + 0.25, "否", "未知")).astype(object)
    intent[rng.random(n) < 0.62] = None

    # -------- hidden: lead quality, per-firm and per-(firm, chain) noise
    lead = rng.normal(0, 1, n)
    u_firm = rng.normal(0, 0.35, n)
    e_fc = rng.normal(0, 0.5, (n, 4))

    # -------- region: leaders and synthetic local suppliers
    firms_rows = []
    leader_ids = {}
    for lname, lchain in LEADERS:
        code = _credit_code(rng, "120224", used_codes)
        leader_ids[lname] = (code, lchain)
        firms_rows.append({"统一社会信用代码": code, "企业名称": lname, "是否链主": "是",
                           "所属产业链": rng.choice(CHAIN_WRITINGS[lchain][1:3]), "所属区域": "宝坻区"})
    n_local = max(20, n // 100)
    local_ids = []
    for _ in range(n_local):
        tr = rng.choice(CHAIN_TRADES[:-5])  # the region has no data-centre firms of its own
        fnd = _rand_date(rng, dt.date(2003, 1, 1), dt.date(2020, 12, 31))
        code = _credit_code(rng, "120224", used_codes)
        local_ids.append((code, tr))
        ic, iname = _industry(rng, tr, False)
        firms_rows.append({
            "统一社会信用代码": code, "企业名称": _name(rng, tr, used_names, city="天津"), "所在区县": "宝坻区",
            "行业代码": ic, "所属行业": iname, "经营范围": _scope(rng, tr, fnd, None, None),
            "主营产品": "、".join(_pick(rng, TRADES[tr]["prod"], 2)) if rng.random() < 0.6 else None,
            "注册资本(万元)": float(round(np.exp(rng.normal(np.log(2000), 1.0)), -1)),
            "参保人数": int(np.exp(rng.normal(np.log(60), 0.8))) if rng.random() < 0.8 else None,
            "成立日期": fnd.isoformat(), "是否链主": "否",
            "所属产业链": rng.choice(CHAIN_WRITINGS[TRADES[tr]["chain"]]),
            "所在园区": rng.choice(PARKS) if rng.random() < 0.8 else None,
            "所属区域": "宝坻区" if rng.random() < 0.5 else None})

    # -------- enterprise identities
    ids = [_credit_code(rng, DISTRICT_CODE[d], used_codes) for d in district]
    names = [""] * n
    group_brand = {}
    for i in range(n):
        if role[i] == "parent":
            for _ in range(1000):
                b = "".join(rng.choice(BRAND, 2))
                nm = f"示例·{b}{rng.choice(['控股集团', '集团', '科技集团'])}股份有限公司"
                if nm not in used_names:
                    break
            used_names.add(nm)
            names[i] = nm
            group_brand[group[i]] = (b, nm)
    for i in range(n):
        if role[i] == "branch":
            b, pn = group_brand[group[i]]
            nm = pn + district[i].replace("北京经济技术开发区", "亦庄") .replace("区", "") + "分公司"
            k = 2
            while nm in used_names:
                nm = pn + f"北京第{k}分公司"
                k += 1
            used_names.add(nm)
            names[i] = nm
        elif role[i] == "subsidiary":
            b, _ = group_brand[group[i]]
            for _ in range(1000):
                nm = f"示例·{b}（北京）{rng.choice(TRADES[trade[i]]['nw'])}{rng.choice(['', '二', '新'])}有限公司"
                if nm not in used_names:
                    break
                nm = f"示例·{b}{''.join(rng.choice(BRAND, 1))}（北京）{rng.choice(TRADES[trade[i]]['nw'])}有限公司"
                if nm not in used_names:
                    break
            used_names.add(nm)
            names[i] = nm
        elif role[i] == "":
            names[i] = _name(rng, trade[i], used_names)

    # -------- relations (true links; all are in the file, some by name only)
    rel_rows = []
    sup_leader = np.zeros((n, 4))   # firm sells to a leader of chain c
    cus_leader = np.zeros((n, 4))   # firm buys from a leader of chain c
    leaders_by_chain = {c: [k for k, (_, lc) in leader_ids.items() if lc == c] for c in CHAINS}
    ci = {c: j for j, c in enumerate(CHAINS)}

    def rel_date():
        return _rand_date(rng, dt.date(2019, 1, 1), AS_OF).isoformat()

    def add_rel(eid, rel, other_id=None, other_name=None, source=None, amount=None):
        by_name = other_id is None or (other_name is not None and rng.random() < 0.35)
        rel_rows.append({"enterprise_id": eid, "related_id": None if by_name else other_id,
                         "related_name": (_variant(rng, other_name) if by_name and other_name else
                                          (other_name if rng.random() < 0.3 else None)),
                         "relation": rel, "source": source if source is not None else rng.choice(["年报", "招投标", "海关", None], p=[.45, .3, .15, .1]),
                         "date": rel_date() if rng.random() < 0.9 else None, "amount_wan": amount})

    for i in range(n):
        c = chain_of[i]
        cands = []
        if c is not None:
            sup = TRADES[trade[i]]["sup"]
            if c in ("data_center",):
                cands = [("串", cr) for cr in ["intelligent_equipment"] if TRADES[trade[i]]["cross"] or rng.random() < 0.3]
            if leaders_by_chain.get(c) and rng.random() < sup * 1.3:
                cands.append(("sup", c))
            if leaders_by_chain.get(c) and rng.random() < 0.05:
                cands.append(("cus", c))
            cr = TRADES[trade[i]]["cross"]
            if cr and leaders_by_chain.get(cr) and rng.random() < 0.12:
                cands.append(("sup", cr))
        else:
            if lure[i] in ("power_battery", "auto_parts") and rng.random() < 0.08:
                cands.append(("cus", lure[i]))   # sellers and repairers buy from leaders
        for kind, lc in cands:
            if kind == "串":
                if rng.random() > 0.25:
                    continue
                kind = "sup"
            lname = rng.choice(leaders_by_chain[lc])
            lid = leader_ids[lname][0]
            amt = float(round(np.exp(rng.normal(np.log(300), 1.0)), 1)) if rng.random() < 0.4 else None
            if kind == "sup":
                sup_leader[i, ci[lc]] = 1
                if rng.random() < 0.7:
                    add_rel(ids[i], "客户", lid, lname, amount=amt)
                else:
                    add_rel(lid, "供应商", ids[i], names[i], amount=amt)
            else:
                cus_leader[i, ci[lc]] = 1
                if rng.random() < 0.7:
                    add_rel(ids[i], "供应商", lid, lname, amount=amt)
                else:
                    add_rel(lid, "客户", ids[i], names[i], amount=amt)
    # group structure
    parent_of = {group[i]: i for i in range(n) if role[i] == "parent"}
    for i in range(n):
        if role[i] in ("branch", "subsidiary"):
            p = parent_of[group[i]]
            if role[i] == "branch":
                add_rel(ids[p], "分支机构", ids[i], names[i], source="年报")
            else:
                if rng.random() < 0.6:
                    add_rel(ids[p], "对外投资", ids[i], names[i], source="年报",
                            amount=float(round(np.exp(rng.normal(np.log(5000), 0.8)), -1)))
                if rng.random() < 0.7:
                    add_rel(ids[i], "股东", ids[p], names[p], source="年报")
    # links to local suppliers and among candidates (no effect on landings)
    chain_idx = np.where(maker)[0]
    for _ in range(max(10, n // 25)):
        a = int(rng.choice(chain_idx))
        if rng.random() < 0.5:
            lid, ltr = local_ids[int(rng.integers(len(local_ids)))]
            add_rel(ids[a], rng.choice(["客户", "供应商"]), lid, None)
        else:
            b = int(rng.choice(chain_idx))
            if a != b:
                add_rel(ids[a], rng.choice(["客户", "供应商"]), ids[b], names[b])
    cross_leader = np.zeros((n, 4))  # tied to a leader of another chain: the 串链 channel
    anyl = np.maximum(sup_leader, cus_leader)
    for j in range(4):
        cross_leader[:, j] = (anyl[:, [k for k in range(4) if k != j]].max(axis=1) > 0)
    grp_pen = np.select([role == "parent", role == "branch", role == "subsidiary"], [1.5, 2.6, 1.9], 0.0)

    # -------- landing logit for (firm, chain) at a date
    s = (log_cap - np.log(1500)) / 1.3
    intent_eff = np.array([{"是": 0.9, "否": -1.2, "未知": 0.0}.get(x, -0.1) for x in intent])
    obs_common = (0.6 * s - 0.3 * s ** 2 + intent_eff + 0.35 * spec - 0.4 * listed
                  - 0.4 * (employees > 500) - 0.3 * np.isin(district, list(CORE)))
    east = np.isin(district, list(EAST)).astype(float)
    fyear = np.array([f.year + f.timetuple().tm_yday / 366 for f in founded])
    base_c = np.full((n, 4), np.nan)
    for i in range(n):
        c = chain_of[i]
        if c is None:
            continue
        tb = TRADES[trade[i]]["base"] + BASE_SHIFT
        base_c[i, ci[c]] = tb
        if trade2[i] is not None:
            c2 = TRADES[trade2[i]]["chain"]
            base_c[i, ci[c2]] = np.nanmax([base_c[i, ci[c2]], TRADES[trade2[i]]["base"] + BASE_SHIFT - 0.7])
        cr = TRADES[trade[i]]["cross"]
        if cr:
            base_c[i, ci[cr]] = np.nanmax([base_c[i, ci[cr]], tb - 1.5])
    has_c = ~np.isnan(base_c)
    rel_term = (1.2 * sup_leader + 0.6 * cus_leader + 0.4 * cross_leader * maker[:, None]
                - grp_pen[:, None])

    def logits(t: dt.date, hidden: bool, effect: float):
        tt = t.year + t.timetuple().tm_yday / 366
        young = -0.5 * ((tt - fyear) < 3)
        rail = 0.8 * east * (t >= RAIL_OPENING)
        obs = (obs_common + young + rail)[:, None]
        z_chain = np.nan_to_num(base_c, nan=0.0) + obs + effect * rel_term
        h = (0.9 * lead + u_firm)[:, None] + e_fc if hidden else 0.0
        z = z_chain + h
        z_none = -6.5 + 0.3 * (obs + (0.9 * lead + u_firm)[:, None] + e_fc if hidden else obs)
        return np.where(has_c, z, z_none)

    # -------- staff approaches month by month (they act on hidden leads)
    appr_chain = np.empty(n, dtype=object)
    for i in range(n):
        c = chain_of[i]
        if c is not None:
            alt = [cc for cc in CHAINS if has_c[i, ci[cc]] and cc != c]
            appr_chain[i] = alt[int(rng.integers(len(alt)))] if alt and rng.random() < 0.15 else c
        else:
            appr_chain[i] = lure[i] if lure[i] else CHAINS[int(rng.integers(4))]
    ac_idx = np.array([ci[c] for c in appr_chain])
    perceived = np.where(maker, np.nan_to_num(base_c[np.arange(n), ac_idx], nan=-1.5),
                         np.where(lure != None, -2.1, -4.3))  # noqa: E711
    staff_view = (perceived + 0.6 * obs_common + 1.3 * lead + 1.0 * in_group
                  + 0.5 * relations_effect * (sup_leader[np.arange(n), ac_idx] > 0)
                  + rng.normal(0, 0.5, n))
    months = []
    m = START
    while m <= AS_OF:
        months.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=5)).replace(day=1)
    per_month = max(2, int(round(0.16 * n / len(months))))
    landed_at = {}
    busy_until = np.array([dt.date(1900, 1, 1)] * n, dtype=object)
    n_appr = np.zeros(n, int)
    deal_rows = []
    rng_deal = np.random.default_rng([seed, 2])  # draws that depend on who was approached
    gumbel = rng.gumbel(size=(len(months), n))
    u_land = rng.random((len(months), n))
    u_path = rng.random((len(months), n, 6))
    for mi, m0 in enumerate(months):
        eligible = np.array([(i not in landed_at) and busy_until[i] < m0 and n_appr[i] < 2 and
                             founded[i] < m0 for i in range(n)])
        key = np.where(eligible, staff_view - 1.5 * n_appr + gumbel[mi], -np.inf)
        k = int(min(per_month, eligible.sum()))
        chosen = np.argpartition(-key, k - 1)[:k] if k else []
        if len(chosen) == 0:
            continue
        day0 = [m0 + dt.timedelta(days=int(d)) for d in rng_deal.integers(0, 27, len(chosen))]
        zt = logits(m0, True, relations_effect)
        for i, d0 in zip(chosen, day0):
            n_appr[i] += 1
            c = appr_chain[i]
            p = _sigmoid(zt[i, ci[c]])
            land = u_land[mi, i] < p
            up = u_path[mi, i]
            stages = [("接触", d0)]
            d = d0
            if land:
                path = ["考察", "洽谈", "签约", "落地"]
                if up[0] < 0.3:
                    path.remove("考察")
            else:
                q_sign = 0.6 if in_group[i] else 0.12
                if up[0] < q_sign:
                    path = ["考察", "洽谈", "签约"]
                elif up[0] < q_sign + 0.35 * (1 - q_sign):
                    path = ["考察", "洽谈"]
                elif up[0] < q_sign + 0.6 * (1 - q_sign):
                    path = ["考察"]
                else:
                    path = []
                if up[1] < 0.7:
                    path.append("终止")
            gaps = {"考察": (15, 60), "洽谈": (20, 90), "签约": (30, 120), "落地": (60, 240), "终止": (30, 180)}
            for st_i, st in enumerate(path):
                lo, hi = gaps[st]
                d = d + dt.timedelta(days=int(lo + (hi - lo) * up[(st_i + 2) % 6]))
                stages.append((st, d))
            busy_until[i] = d + dt.timedelta(days=365)
            amt = float(round(np.exp(rng_deal.normal(np.log(30000 if in_group[i] else 4000), 0.9)), -1))
            chain_w = rng_deal.choice(CHAIN_WRITINGS[c]) if rng_deal.random() < 0.95 else None
            park = rng_deal.choice(PARKS)
            for st, d in stages:
                if d > AS_OF:
                    break
                if st == "落地":
                    landed_at[i] = d
                en = rng_deal.random() < 0.08
                deal_rows.append({
                    "统一社会信用代码": ids[i],
                    "阶段": {"接触": "contacted", "考察": "visited", "洽谈": "negotiating", "签约": "signed",
                           "落地": "landed", "终止": "dropped"}[st] if en else st,
                    "日期": d.isoformat(), "产业链": chain_w, "环节": None,
                    "园区": park if st in ("考察", "签约", "落地") and rng_deal.random() < 0.8 else None,
                    "投资额(万元)": amt if st in ("签约", "落地") else None,
                    "区域": None})

    # -------- truth at as_of
    z_true = logits(AS_OF, True, relations_effect)
    z_ceil = logits(AS_OF, False, relations_effect)
    cand = [i for i in range(n) if i not in landed_at]
    truth = pd.DataFrame({
        "enterprise_id": np.repeat([ids[i] for i in cand], 4),
        "chain": CHAINS * len(cand),
        "p_true": _sigmoid(z_true[cand]).ravel().round(6),
        "p_ceiling": _sigmoid(z_ceil[cand]).ravel().round(6)})

    # -------- exports (own stream: the same enterprise file whatever the deals were)
    rng = np.random.default_rng([seed, 3])
    ent_rows = []
    for i in range(n):
        ic, iname = _industry(rng, trade[i], True)
        prods = TRADES[trade[i]]["prod"]
        mp = None
        if rng.random() < (0.55 if maker[i] else 0.25):
            mp = rng.choice(["、", "；", ","]).join(_pick(rng, prods, rng.integers(1, 3)))
        dist = district[i] if rng.random() > 0.03 else None
        if dist and rng.random() < 0.1:
            dist = "北京市" + dist
        ent_rows.append({
            "统一社会信用代码": ids[i], "企业名称": names[i], "所在区县": dist, "行业代码": ic, "所属行业": iname,
            "经营范围": _scope(rng, trade[i], founded[i], trade2[i], lure[i]) if rng.random() > 0.02 else None,
            "主营产品": mp,
            "注册资本(万元)": _fmt_num(rng, capital[i], "万元") if rng.random() > 0.04 else None,
            "参保人数": _fmt_num(rng, employees[i], "人", 0.08) if rng.random() > 0.2 else None,
            "营业收入(万元)": _fmt_num(rng, revenue[i], "万元", 0.05) if rng.random() > 0.55 else None,
            "成立日期": founded[i].isoformat() if rng.random() > 0.02 else None,
            "资质标签": rng.choice([";", "; "]).join(tags_l[i]) if tags_l[i] else None,
            "疏解意向": intent[i]})
    ent_path = out_dir / "enterprises.xlsx"
    pd.DataFrame(ent_rows).to_excel(ent_path, index=False)
    firms_path = out_dir / "firms.csv"
    firm_cols = ["统一社会信用代码", "企业名称", "所在区县", "行业代码", "所属行业", "经营范围", "主营产品",
                 "注册资本(万元)", "参保人数", "成立日期", "是否链主", "所属产业链", "产业链环节", "所在园区", "所属区域"]
    pd.DataFrame(firms_rows).reindex(columns=firm_cols).to_csv(firms_path, index=False, encoding="utf-8-sig")
    deals = pd.DataFrame(deal_rows, columns=["统一社会信用代码", "阶段", "日期", "产业链", "环节", "园区",
                                             "投资额(万元)", "区域"])
    deals = deals.sort_values(["日期", "统一社会信用代码"], kind="stable")
    deals_path = out_dir / "deals.csv"
    deals.to_csv(deals_path, index=False, encoding="gb18030")
    rel_path = out_dir / "relations.csv"
    rel = pd.DataFrame(rel_rows, columns=["enterprise_id", "related_id", "related_name", "relation", "source",
                                          "date", "amount_wan"])
    rel = rel.iloc[rng.permutation(len(rel))]
    rel.to_csv(rel_path, index=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL)
    truth_path = out_dir / "truth.csv"
    truth.to_csv(truth_path, index=False)
    # the author's hidden state, for checks only (not part of the contract)
    hidden = pd.DataFrame({"enterprise_id": ids, "trade": trade, "trade2": trade2, "chain": chain_of,
                           "group": group, "role": role, "lead_quality": lead.round(4),
                           "landed": [landed_at.get(i).isoformat() if i in landed_at else None for i in range(n)],
                           **{f"rel_term_{c}": rel_term[:, j].round(4) for j, c in enumerate(CHAINS)}})
    hidden.to_csv(out_dir / "hidden_state.csv", index=False)
    return {"enterprises": ent_path, "firms": firms_path, "deals": deals_path, "relations": rel_path,
            "truth": truth_path, "as_of": AS_OF.isoformat(),
            "description": (f"{NAME}: {n} Beijing-side enterprises ({int(maker.sum())} in a chain trade, "
                            f"{int(in_group.sum())} in {n_groups} corporate groups), {len(deals)} stage events, "
                            f"{len(landed_at)} landings {START}..{AS_OF}, relations_effect={relations_effect}; "
                            "hidden lead quality drives approaches and landings; groups sign but rarely land; "
                            "east districts gain after the 京唐城际 opening (2022-12-30).")}
