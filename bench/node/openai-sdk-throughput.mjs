// SPDX-License-Identifier: GPL-3.0-or-later
// The official OpenAI Node SDK doing what `easel generate --count N` does against the same
// server: N images, CONCURRENCY requests in flight, each decoded and written to disk.
//
//   node openai-sdk-throughput.mjs BASE_URL OUT_DIR [N] [CONCURRENCY]
import OpenAI from "openai";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const [baseURL, outDir, countArg = "200", concurrencyArg = "8"] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const client = new OpenAI({ baseURL, apiKey: "sk-bench", maxRetries: 2 });

await mkdir(outDir, { recursive: true });
let next = 0;
let written = 0;

async function worker() {
  while (next < count) {
    const index = next++;
    const response = await client.images.generate({
      model: "gpt-image-2",
      prompt: "a lighthouse at dusk",
      size: "1024x1024",
      n: 1,
    });
    for (const image of response.data) {
      await writeFile(join(outDir, `image-${index}.png`), Buffer.from(image.b64_json, "base64"));
      written++;
    }
  }
}

const start = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - start) / 1000;
console.log(`sdk: ${written} images in ${seconds.toFixed(2)} s`);
