#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates a1111-oracle.jsonl: what A1111's own reader makes of each text, the oracle that
# tests/test-settings-parser.c holds Easel's infotext reader to. The function below is steps
# 1-4 and 6 of parse_generation_parameters (modules/infotext_utils.py, v1.10), copied without
# the optional steps 5 and 7-9 (styles, defaults, hypernet, backcompat, settings mapping).
#
#   python3 tests/data/a1111-oracle.py > tests/data/a1111-oracle.jsonl
import json
import os
import re

re_param_code = r'\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)'
re_param = re.compile(re_param_code)
re_imagesize = re.compile(r"^(\d+)x(\d+)$")


def unquote(text):
    if len(text) == 0 or text[0] != '"' or text[-1] != '"':
        return text
    try:
        return json.loads(text)
    except Exception:
        return text


def parse_generation_parameters(x: str):
    res = {}
    prompt = ""
    negative_prompt = ""
    done_with_prompt = False

    *lines, lastline = x.strip().split("\n")
    if len(re_param.findall(lastline)) < 3:
        lines.append(lastline)
        lastline = ''

    for line in lines:
        line = line.strip()
        if line.startswith("Negative prompt:"):
            done_with_prompt = True
            line = line[16:].strip()
        if done_with_prompt:
            negative_prompt += ("" if negative_prompt == "" else "\n") + line
        else:
            prompt += ("" if prompt == "" else "\n") + line

    res["Prompt"] = prompt
    res["Negative prompt"] = negative_prompt

    for k, v in re_param.findall(lastline):
        try:
            if v[0] == '"' and v[-1] == '"':
                v = unquote(v)
            m = re_imagesize.match(v)
            if m is not None:
                res[f"{k}-1"] = m.group(1)
                res[f"{k}-2"] = m.group(2)
            else:
                res[k] = v
        except Exception:
            pass
    return res


# Texts that probe the corners of the regex and of the line handling.
EXTRA = [
    "",
    "   ",
    "\n\n",
    "Steps: 20, Seed: 5",
    "a\nb\nSteps: 1, Seed: 2, Size: 3x4",
    "提示词: 值, 步数: 20, 種子: 5",
    "  Steps : 20 ,Sampler:Euler,   CFG scale:7",
    'Aa: "x\\"y", Bb: "a,b", Cc: "\\u00e9\\ud83d\\ude00", Dd: 1',
    'Aa: "\\q", Bb: 2, Cc: 3',
    'Aa: "tab\there", Bb: 2, Cc: 3',
    "Aa: , Bb: 2, Cc: 3, Dd:",
    'Aa: "", Bb: 2, Cc: 3',
    'Aa: "abc, Bb: 2, Cc: 3',
    'Aa: "abc" , Bb: 2, Cc: 3',
    'Aa: "abc"def, Bb: "x"y"z", Cc: "\\u12", Dd: "\\u00E9x"',
    "W: 1, H: 2, Steps: 3",
    "Hires-fix/upscale: 2, x y z: 3, a-b: 4, -c: 5, _d: 6",
    "Steps:\t20, Aa:\tb, Cc: d",
    "Negative prompt:",
    "Negative prompt: only",
    "x\nNegative prompt: a\nNegative prompt: b\nSteps: 1, Aa: 2, Bb: 3",
    "  Negative prompt:foo  \n\n  bar\nSteps: 1, Aa: 2, Bb: 3",
    "\u3000prompt\u00a0\n\x1cline\x1f\nSteps: 1, Aa: 2, Bb: 3",
    'Size: "512x512\\n", Aa: 1, Bb: 2',
    "Size: \uff15\uff11\uff12x\uff15\uff11\uff12, Aa: 1, Bb: 2",
    "Steps: 1, Steps: 2, Size: 1x2, Size: abc, Size: 3x4",
    "a: b: c, d: e, f: g",
    "ab: cd: ef, gh: ij, kl: mn",
    "a\r\nNegative prompt: b\r\nSteps: 1, Aa: 2, Bb: 3\r\n",
    "Model: x , Seed: 1 ,Steps: 2",
    'Kk: "a\\\\", Ll: "b\\\\\\"c", Mm: "\\"',
    "1234567890, 12: 34, ab: cd, ef: gh",
    "NegatIve prompt: no\nSteps: 1, Aa: 2, Bb: 3",
    "p\n\n\nq\nNegative prompt: \n\nr\n Steps: 1, Aa: 2, Bb: 3 ",
    "Hashes: {\"model\": \"x\", \"lora:a\": \"y\"}, Bb: 2, Cc: 3",
    "K\u0301ey: v, \u00e9t\u00e9: w, Caf\u00e9 latte: z",
    "Emoji \U0001F600: v, Aa: 1, Bb: 2",
    "ab:cd,ef:gh,ij:kl",
    "Steps: 5,,, ,Aa: 1,Bb: 2",
    "Steps: 5, Aa: \u00a0 x, Bb: \u2003",
    "x\u2028y\nSteps: 1, Aa: 2, Bb: 3",
]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    texts = []
    for name, field in (("infotext-real.jsonl", "text"),
                        ("legacy-settings-public.jsonl", "settings")):
        with open(os.path.join(here, name), encoding="utf-8") as f:
            texts += [json.loads(line)[field] for line in f if line.strip()]
    texts += EXTRA

    for text in texts:
        res = parse_generation_parameters(text)
        prompt = res.pop("Prompt")
        negative = res.pop("Negative prompt")
        print(json.dumps({"text": text, "prompt": prompt, "negative_prompt": negative,
                          "params": [[k, v] for k, v in res.items()]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
