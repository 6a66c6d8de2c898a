"""BUG: "RuntimeError: Given groups=1, weight of size [100, 1, 3, 128], expected input[1, 2, 40, 128]
to have 1 channels, but got 2 channels instead" -- a Kim-style TextCNN whose convolutions are
nn.Conv2d(1, num_filters, (k, embed_dim)) over the (seq_len, embed_dim) "image" of a sentence. The
embedding output (batch, seq_len, embed_dim) is passed to the convolutions without x.unsqueeze(1);
since PyTorch 1.11 Conv2d accepts a 3D tensor as one unbatched (C, H, W) image, so the batch of 2
sentences is read as 2 input channels and the first conv in the list comprehension raises."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 40)
class TextCNN(nn.Module):
    def __init__(self, vocab_size=5000, embed_dim=128, num_filters=100, kernel_sizes=(3, 4, 5),
                 num_classes=2, dropout=0.5):
        super(TextCNN, self).__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.convs = nn.ModuleList([nn.Conv2d(1, num_filters, (k, embed_dim)) for k in kernel_sizes])
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(len(kernel_sizes) * num_filters, num_classes)

    def forward(self, x):
        x = self.embedding(x)  # (N, W, D)
        x = [F.relu(conv(x)).squeeze(3) for conv in self.convs]  # [(N, Co, W - k + 1), ...]
        x = [F.max_pool1d(i, i.size(2)).squeeze(2) for i in x]  # [(N, Co), ...]
        x = torch.cat(x, 1)
        x = self.dropout(x)
        return self.fc(x)
