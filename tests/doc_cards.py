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
