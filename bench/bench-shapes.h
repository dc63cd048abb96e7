/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The settings texts of a legacy database, one of each shape of the public fixtures
 * (tests/data/legacy-settings-public.jsonl): bench-migrate fills its rows with them and
 * bench-parser parses them. "%u" stands for a seed that varies from row to row.
 */
static const char * const bench_shapes[] = {
  "512x768, 30 steps, cfg 7.5",
  "width=1024 height=1024 steps=25 guidance=5",
  "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: %u, Size: 640x384",
  "{\"width\": 768, \"height\": 512, \"steps\": 40, \"cfg_scale\": 6.5, \"sampler\": \"dpmpp_2m\"}",
  "1344 x 768 | 28 steps | CFG 4.5 | dpmpp_2m karras",
  "steps 30; cfg 7; seed %u",
  "",
  "moody, cinematic lighting",
  "768×512, 50 steps",
  "W: 832, H: 1216, Steps: 35, Guidance: 3.5",
  "cfg=abc, steps=-5, 640x480",
  "size: 1024x1024; sampler: Euler; scheduler: normal; model: sdxl_base_1.0.safetensors",
  "Negative prompt: blurry, lowres\nSteps: 25, CFG scale: 6, Size: 512x512, Seed: -1",
  "guidance_scale: 8.0 / num_inference_steps: 45 / height: 896 / width: 1152",
  "30 steps at 7 cfg, 1024x576",
  "a castle on a hill, golden hour, volumetric light\nNegative prompt: text, watermark\n"
  "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 5.5, Seed: %u, "
  "Size: 1024x1024, Model hash: c0d1994c73, Model: sdxl_base, Version: v1.9.4",
};

/* Row @i's text: shape i mod the number of shapes, with the seed i × 7919. */
static inline char *
bench_shape_text (guint i)
{
  g_autofree char *seed = g_strdup_printf ("%u", i * 7919u);
  GString *text = g_string_new (bench_shapes[i % G_N_ELEMENTS (bench_shapes)]);

  g_string_replace (text, "%u", seed, 0);
  return g_string_free (text, FALSE);
}

G_END_DECLS
