"""Own-made model cards (written for unveil's tests; no third-party text) shared by tests and benchmarks."""

TRAINER_CARD = """---
license: apache-2.0
tags:
- generated_from_trainer
datasets:
- imdb
metrics:
- accuracy
model-index:
- name: tiny-sentiment
  results:
  - task:
      name: Text Classification
      type: text-classification
    dataset:
      name: imdb
      type: imdb
    metrics:
    - name: Accuracy
      type: accuracy
      value: 0.912
---

<!-- This model card has been generated automatically according to the information the Trainer had access to. -->

# tiny-sentiment

This model is a fine-tuned version of [some-org/tiny-encoder](https://huggingface.co/some-org/tiny-encoder) on
the imdb dataset.
It achieves the following results on the evaluation set:
- Loss: 0.2401
- Accuracy: 0.912

## Model description

More information needed

## Intended uses & limitations

More information needed

## Training and evaluation data

More information needed

## Training procedure

### Training hyperparameters

The following hyperparameters were used during training:
- learning_rate: 2e-05
- train_batch_size: 16
- seed: 42
- optimizer: Adam with betas=(0.9,0.999) and epsilon=1e-08
- num_epochs: 2

### Training results

| Training Loss | Epoch | Step | Validation Loss | Accuracy |
|:-------------:|:-----:|:----:|:---------------:|:--------:|
| 0.31          | 1.0   | 1563 | 0.26            | 0.90     |
| 0.18          | 2.0   | 3126 | 0.24            | 0.912    |

### Framework versions

- Transformers 4.30.0
- Pytorch 2.0.1
"""

ENCODER_CARD = """# tiny-encoder

A small English encoder pretrained with a masked-language-modelling objective.

## Intended uses & limitations

You can use the raw model for masked language modelling, but it is mostly intended to be fine-tuned on a
downstream task such as sequence classification.

### How to use

```python
from transformers import pipeline
fill = pipeline("fill-mask", model="some-org/tiny-encoder")
```

### Limitations and bias

Even though the pretraining corpus is fairly neutral, the model can make biased predictions about gender and
occupations, and this bias carries over to fine-tuned versions.

## Training data

The model was pretrained on English Wikipedia and BookCorpus, about 3 billion words in total.

## Training procedure

### Preprocessing

Texts are lower-cased and tokenized using WordPiece with a vocabulary of 30,000 tokens.

## Evaluation results

| Task | MNLI | QQP | SST-2 |
|------|------|-----|-------|
|      | 82.1 | 70.3 | 91.5 |
"""

QUICKSTART_ONLY = """# fast-llm-q4

4-bit quantized weights of fast-llm for llama.cpp.

## How to use

Download the file and run it with llama.cpp. You will need about 6 GB of RAM to load this model.
If you use an old version of llama.cpp you will get errors, so please upgrade to the latest release.

## Performance

Generation runs at roughly 30 tokens per second on a recent laptop.
"""

# The Hub template's shape (its section names, markers and kinds of stock sentences), in our own words.
UNFILLED_TEMPLATE = """---
license: mit
---
# Model Card for my-model

<!-- Say here in a line what the model does. -->

## Model Details

### Model Description

- **Developed by:** [More Information Needed]
- **Model type:** [More Information Needed]
- **License:** [More Information Needed]

## Uses

### Direct Use

[More Information Needed]

### Out-of-Scope Use

[More Information Needed]

## Bias, Risks, and Limitations

[More Information Needed]

### Recommendations

Everyone who uses it should be made aware of the risks of this model.

## How to Get Started with the Model

Use the code below to get started.

[More Information Needed]

## Training Details

### Training Data

[More Information Needed]

### Training Procedure

#### Preprocessing [optional]

[More Information Needed]

## Evaluation

### Results

[More Information Needed]

## Environmental Impact

Carbon emissions can be estimated with an online tool.

- **Hardware Type:** [More Information Needed]
- **Hours used:** [More Information Needed]
- **Carbon Emitted:** [More Information Needed]

## Citation [optional]

**BibTeX:**

[More Information Needed]

## Model Card Contact

[More Information Needed]
"""

FILLED = """---
license: apache-2.0
datasets:
- acme/clean-web
co2_eq_emissions: 120
---
# acme-7b

## Training data
acme-7b was pretrained on 1T tokens of English web text collected from Common Crawl snapshots (2019-2023).
We removed near-duplicates with MinHash and filtered pages with a toxicity classifier; e-mail addresses and
phone numbers were redacted as PII.

## Evaluation
| Benchmark | acme-7b |
|---|---|
| MMLU (5-shot) | 61.2 |

## Intended use
The model is intended for research on language models.

## Limitations and bias
The model may generate factually incorrect statements and can reflect gender and racial stereotypes present in
its training data.
"""
