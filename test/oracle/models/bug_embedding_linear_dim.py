"""A bag-of-embeddings text classifier that averages token embeddings."""
import torch.nn as nn

VOCAB_SIZE = 30000
EMBED_DIM = 64


# shapelint: input=(2, 40)
class MeanEmbeddingClassifier(nn.Module):
    def __init__(self, num_classes=6):
        super().__init__()
        self.embed = nn.Embedding(VOCAB_SIZE, EMBED_DIM)
        self.dropout = nn.Dropout(0.2)
        self.classifier = nn.Linear(128, num_classes)

    def forward(self, tokens):
        x = self.embed(tokens).mean(dim=1)
        return self.classifier(self.dropout(x))
