"""Write corpora/annotated/programs.standoff.jsonl from the PROGRAM decisions below.

The decisions are an engineer's reading of each page per ANNOTATION.md (PROGRAM): every
occurrence of each listed surface (normalised, simplified spelling) is a PROGRAM span;
everything else on the page is not. Offsets are mapped back to the text as
``detect_and_decode`` gives it, and every span is checked against its surface.

Usage: python bench/annotate_programs.py [CORPUS_ROOT]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reportminer.annotations import standoff
from reportminer.normalise import normalise
from reportminer.readers.text import detect_and_decode

PAGES = "raw/web-fanwen-pages/pages/"
DECISIONS: dict[str, list[str]] = {
    "alatiku-jiaotong-ju-hezhangzhi-zongjie.txt": ["河长制", "“双达标”清洁生产行动"],
    "360docs-wenmingcun-zongjie-8pian.txt": [
        "文明创建工作责任制",
        "每日一小扫、每周一大扫",
        "青少年文明劝导活动",
    ],
    "360docs-guli-zhen-wenming-chengshi-changtai-365-jizhi.txt": ["365"],
    "wnwk-zhen-hezhangzhi-niandu-zongjie.txt": ["河长制", "清四乱"],
    "guanlizhidu-2024-xx-xian-zhengfu-gongzuo-baogao-footnotes.txt": [
        "扩大内需战略",
        "百千万工程",
        "头号工程",
    ],
    "njust-tuanwei-quanguo-wusi-hongqi-tuanwei-2020.txt": ["暖心、圆梦、强基、铸魂"],
    "youxiua-meili-wmcs-chuangjian-xingdong-fangan.txt": ["魅力城市建设十大专项行动"],
    "aokangli-yiyuan-wenmingdanwei-bannian-zongjie-pinyin.txt": [
        "讲文明树形象,强服务上水平",
        "我们的节日",
    ],
    "docsqq-shiqizhong-menqian-wubao-zhidu.txt": ["门前五包"],
    "taodocs-nanbu-xian-gongshanglian-menqian-wubao-zerenshu.txt": ["门前五包"],
    "xinyijun-zhoudecun-gaoyuan-meili-xiangcun-pinyin.txt": ["高原美丽乡村", "三包"],
    "wenke99-chengguan-baxiao-chuangjian-quansheng-wenming-xiancheng.txt": ["“创文”"],
    "cjyun-lichuan-hezhangzhi-qingpiao-news.txt": ["河长制"],
    "chinadaily-shanghe-xian-menqian-wubao-news.txt": ["门前五包"],
    "tmdps-shoufeizhan-wenmingdanwei-guihua-trad.txt": [
        "产业建设年作风转变年",
        "学习贯彻十八大、争创发展新业绩",
    ],
    "mingyanjiaju-xiangzhen-rendahui-huanjie-baogao-trad.txt": ["“两基”攻坚", "双拥"],
    "3n1zqc5-qingshuihe-xian-hezhangzhi-pinyin.txt": ["河长制", "秋季行动"],
    "jlgov-zuoshucun-shengji-weishengcun.txt": ["爱国卫生活动月", "美丽庭院"],
    "duozhu-quanguo-wenmingdanwei-fucha-pinyin.txt": [],
    "wljyyjy-zhucun-diyi-shuji-zongjie-zhengdiancun.txt": [],
    "mffb-paiolou-cun-zhucun-gongzuodui-shuzhi-news.txt": [],
    "yopipo-2023-shequ-wenming-chuangjian-pinyin.txt": ["讲文明、树新风、做贡献"],
    "yiduzx-yidu-quanguo-wmcs-chuangjian-zhiduoshao.txt": [],
    "xiexiebang-2020-weishengcun-shangqiaotou.txt": [],
    "wuyouwenku-2021-cunzhuang-meihua-xinkoucun.txt": [],
    "wenke99-chuang-sanyi-yiyuan-gongzuo-zongjie-wenling.txt": [],
    "ukktv-mou-xian-2022-zhengfu-mubiao-guanli-asterisk-masked.txt": ["长三角一体化发展战略"],
    "lixian-gov-gaobo-shengji-weisheng-xiancheng-bushu.txt": ["爱国卫生运动"],
    "wx1990-shequ-cjwmcs-zongjie.txt": ["清洁家园行动"],
    "wddqw-chuangcheng-zongjie.txt": [],
    "qooriya-shi-meili-xiangcun-jianshe-asterisk-masked.txt": ["三清四拆"],
    "laobiganzi-cjqgwmcs-dongyuan-jianghua-zhengjianxin.txt": ["一号工程"],
    "fanwenwang-disijie-wmcz-chengguo.txt": ["改陋习、树新风"],
    "bigou-zhucun-shuji-shuzhi-houzhaizi.txt": ["群众路线教育实践活动"],
    "dbxrmyy-xian-renmin-yiyuan-wenmingdanwei.txt": ["三好一满意", "三访五促、为民服务"],
    "deichen-zhenzhang-gongzuo-baogao-pinyin-yeardropped.txt": ["三年大变样工程", "南水北调"],
    "kzjzgs-chuangjian-guojia-weishengqu-pinyin-doubledpunct.txt": ["爱国卫生运动"],
    "paiqing-zhenyuan-xian-2024-gongzuo-baogao-emoji-NOISE.txt": ["污染防治攻坚战"],
    "sinobattery-qinghexiang-wenming-xiangzhen-pinyin-doubledpunct.txt": ["门前三包"],
    "wblndd-beitiemen-shequ-menqian-sanbao-mojibake.txt": ["门前三包"],
    "wenke99-2020-shequ-chuangwen-huibao.txt": ["学雷锋月"],
    "wenku365-xiangzhen-huanjie-wunian-zhengfu-baogao-title-repeat.txt": ["三个六"],
    "360docs-xiangzhen-wmcz-chuangjian.txt": [],
    "aidaidai-jiazhuangcun-zhibushuji-zhengxie-shuzhi.txt": [],
    "boxueji-xuanzhen-shequ-wenming-trad.txt": [],
    "caihuazhai-wenming-xiangzhen-jianli-zongjie-trad.txt": [],
    "cntielang-guanli-xueyuan-quanguo-wusi-hongqi-tuanzhibu.txt": [],
    "dawenge-cjqgwmcs-gongjian-dongyuan-jianghua-xian.txt": [],
    "docsqq-xiangang-xiaoxue-chuangwen-zongjie.txt": [],
    "flexyweld-shi-fuyou-baojianyuan-wenming-pinyin.txt": [],
    "hymsn-xiangcun-lvhua-meihua-fangan-pinyin.txt": [],
    "lgfwz-cjwmcs-zicha-baogao-qu-trad.txt": [],
    "meipian-qizhuagongguan-chuangjian-wmcs-html-tags.txt": [],
    "zazhi-xiangzhen-chuangwei-zongjie-13pian.txt": [],
    "zjol-zhoushan-quanguo-wenmingdanwei-2009.txt": [],
}
# Other folders: path relative to the corpus root -> surfaces.
OTHER: dict[str, list[str]] = {
    "raw/hailar-district-gwr-gbk/2016.txt": [
        "两个中心",
        "退二进三",
        "退城入园",
        "菜篮子",
        "十个全覆盖",
        "党的群众路线教育实践活动",
        "三严三实",
        "党风廉政建设责任制",
        "拆炉并网工程",
        "一带一路",
        "向北开放战略",
        "物业管理服务年",
        "退耕还林工程",
        "三到村三到户",
        "就业优先战略",
        "全民参保计划",
        "学前教育三年行动",
        "社会治安防控体系建设推进年",
        "“七五”普法",
        "包案责任制",
        "安全生产责任制",
        "生态环境责任终身追究制",
    ],
    "raw/provincial-gwr-2026/2026_河北省_政府工作报告.csv": [
        "雄安行",
        "六链五群",
        "创新驱动发展战略",
        "共享智造",
        "这么近,那么美,周末到河北",
        "高效办成一件事",
        "一带一路",
        "脱贫攻坚",
        "两重",
        "两新",
        "提振消费专项行动",
        "健康河北行动",
        "城市更新行动",
        "城乡居民增收计划",
        "“人工智能+”行动",
        "冀货出海",
    ],
    "raw/provincial-gwr-2026/2026_吉林省_政府工作报告.csv": [
        "以旧换新",
        "千亿斤粮食",
        "村庄清洁行动",
        "提振消费专项行动",
        "“人工智能+”行动",
        "长白英才计划",
        "吉林工匠",
        "黑土粮仓",
        "千万工程",
        "脱贫攻坚",
        "一网通办",
        "不见面审批",
        "高效办成一件事",
        "无事不扰",
        "一带一路",
        "长吉图开发开放战略",
        "双一流",
        "双高计划",
        "县管校聘",
        "三北",
        "保交楼",
        "保交房",
        "中央八项规定精神学习教育",
        "国企改革深化提升行动",
    ],
}


def spans_for(text: str, surfaces: list[str]) -> list[dict]:
    norm = normalise(text)
    spans = []
    for surface in surfaces:
        # “创文” style entries: the quotes locate the name, the span excludes them.
        inner = surface[1:-1] if surface.startswith("“") and surface.endswith("”") else surface
        lead = 1 if inner is not surface else 0
        position = norm.text.find(surface)
        if position < 0:
            raise SystemExit(f"surface {surface!r} not found")
        while position >= 0:
            a, b = norm.span_to_original(position + lead, position + lead + len(inner))
            if normalise(text[a:b]).text != inner:
                raise SystemExit(f"span check failed for {surface!r}: {text[a:b]!r}")
            spans.append({"start": a, "end": b, "label": "PROGRAM"})
            position = norm.text.find(surface, position + len(surface))
    spans.sort(key=lambda s: (s["start"], s["end"]))
    for left, right in zip(spans, spans[1:], strict=False):
        if right["start"] < left["end"]:
            raise SystemExit(f"overlapping spans {left} {right}")
    return spans


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus")
    out = Path(__file__).resolve().parents[1] / "corpora/annotated/programs.standoff.jsonl"
    records = []
    decisions = {PAGES + name: surfaces for name, surfaces in DECISIONS.items()} | OTHER
    for source, surfaces in decisions.items():
        data = (root / source).read_bytes()
        text, _ = detect_and_decode(data)
        record = {
            "id": source.removeprefix("raw/"),
            "annotated_labels": ["PROGRAM"],
            "text": text,
            "spans": spans_for(text, surfaces),
        }
        records.append(standoff(record, source, data))
    with open(out, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{out}: {len(records)} documents, {sum(len(r['spans']) for r in records)} spans")
    return 0


if __name__ == "__main__":
    sys.exit(main())
