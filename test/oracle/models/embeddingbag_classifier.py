"""The fastText-style text classifier from the PyTorch tutorial: EmbeddingBag mean pooling plus a linear layer."""
import torch.nn as nn


# shapelint: input=(2, 12)
class TextClassificationModel(nn.Module):
    def __init__(self, vocab_size=20000, embed_dim=64, num_class=4):
        super(TextClassificationModel, self).__init__()
        self.embedding = nn.EmbeddingBag(vocab_size, embed_dim, mode="mean")
        self.fc = nn.Linear(embed_dim, num_class)
        self.init_weights()

    def init_weights(self):
        initrange = 0.5
        self.embedding.weight.data.uniform_(-initrange, initrange)
        self.fc.weight.data.uniform_(-initrange, initrange)
        self.fc.bias.data.zero_()

    def forward(self, text):
        embedded = self.embedding(text)
        return self.fc(embedded)
