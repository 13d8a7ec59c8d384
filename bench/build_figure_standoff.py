"""Build corpora/annotated/figures.standoff.jsonl: rule output reviewed by hand.

Each file's FIGURE spans are the extractor's kept candidates minus the ones judged wrong on
review (listed below by their left context + surface), checked to slice the intended text.
"""

import hashlib
import json
import os

from reportminer.extractors.figures import find_figures, written_unit
from reportminer.normalise import normalise
from reportminer.readers.text import detect_and_decode

ROOT = "/work/shared/corpus"
REVIEW = {
    "mqms-shuiliju-hezhang-xunhe-news.txt": [],
    "nyist-tuanwei-2019-xianjin-jiti-geren-pingxuan.txt": [],
    "xiezuofangchengshi-chuangwei-dianping-hui-jianghua.txt": [],
    "wenke99-2020-shequ-chuangwen-huibao.txt": ["做了[1]", "展开了[1]"],
    "cjyun-lichuan-hezhangzhi-qingpiao-news.txt": [],
    "jinouka-wuzhou-wenming-xiaoyuan-pingxuan-spam-injected.txt": [],
    "njust-tuanwei-quanguo-wusi-hongqi-tuanwei-2020.txt": ["急救中心[120]", "浏览数:[11723]"],
    "mffb-paiolou-cun-zhucun-gongzuodui-shuzhi-news.txt": [],
    "bigou-zhucun-shuji-shuzhi-houzhaizi.txt": ["精选[6篇]"],
    "aidaidai-jiazhuangcun-zhibushuji-zhengxie-shuzhi.txt": [],
    "wnwk-zhen-hezhangzhi-niandu-zongjie.txt": ["[1]", "任[3]", "、[4]", "情况[2]"],
    "jlgov-zuoshucun-shengji-weishengcun.txt": [],
    "paiqing-zhenyuan-xian-2024-gongzuo-baogao-emoji-NOISE.txt": ["镇原县[2024]"],
    "ukktv-mou-xian-2022-zhengfu-mubiao-guanli-asterisk-masked.txt": [],
    "deichen-zhenzhang-gongzuo-baogao-pinyin-yeardropped.txt": [
        "的[十篇]",
        "的[五年]",
        "推進[三年]",
        "[44.50]",
    ],
    "xinyijun-zhoudecun-gaoyuan-meili-xiangcun-pinyin.txt": [],
    "wuyouwenku-2021-cunzhuang-meihua-xinkoucun.txt": ["参考[5篇]", "参考 [5 篇]", "参考 [1]"],
}
out = []
used = {k: set() for k in REVIEW}
for name, rejects in REVIEW.items():
    rel = f"raw/web-fanwen-pages/pages/{name}"
    data = open(os.path.join(ROOT, rel), "rb").read()
    text, _ = detect_and_decode(data)
    norm = normalise(text)
    spans = []
    for fig in find_figures(norm.text, 0, len(norm.text), []):
        s, e = norm.span_to_original(fig.start, fig.end)
        keys = [text[max(0, s - k) : s] + "[" + text[s:e] + "]" for k in range(0, 6)]
        hit = [r for r in rejects if r in keys]
        if hit:
            used[name].update(hit)
            continue
        assert text[s:e].strip() == text[s:e] and text[s:e], (name, s, e)
        spans.append(
            {
                "start": s,
                "end": e,
                "label": "FIGURE",
                "value": fig.value,
                "unit": written_unit(fig, text[s:e]),
                "kind": fig.kind,
                "approx": fig.approx,
                "masked": fig.masked,
            }
        )
    out.append(
        {
            "id": rel[4:],
            "source": rel,
            "sha256": hashlib.sha256(data).hexdigest(),
            "annotator": "figures helper, rule output reviewed by hand",
            "spans": spans,
        }
    )
    missing = set(rejects) - used[name]
    print(name, len(spans), "UNUSED REJECTS" if missing else "", missing or "")
with open(
    os.path.join(os.path.dirname(__file__), "..", "corpora", "annotated", "figures.standoff.jsonl"),
    "w",
    encoding="utf-8",
) as f:
    for rec in out:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
