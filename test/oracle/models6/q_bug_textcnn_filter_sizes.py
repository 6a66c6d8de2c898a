"""BUG: a TextCNN sentiment classifier in the style of bentrevett/pytorch-sentiment-analysis (Conv2d over (fs, embedding_dim) after unsqueeze(1), squeeze(3), F.max_pool1d over the full length, squeeze(2), cat). The filter sizes were extended from [3, 4, 5] to [2, 3, 4, 5], but the classifier was written as nn.Linear(3 * n_filters, output_dim) instead of len(filter_sizes) * n_filters: the concatenated pooled features have 4 * 100 = 400 columns and self.fc (expecting 300) raises."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 25)
class CNN(nn.Module):
    def __init__(self, vocab_size=25002, embedding_dim=100, n_filters=100, filter_sizes=[2, 3, 4, 5], output_dim=1,
                 dropout=0.5, pad_idx=1):
        super().__init__()

        self.embedding = nn.Embedding(vocab_size, embedding_dim, padding_idx=pad_idx)

        self.convs = nn.ModuleList([
            nn.Conv2d(in_channels=1,
                      out_channels=n_filters,
                      kernel_size=(fs, embedding_dim))
            for fs in filter_sizes
        ])

        # one block of n_filters features per filter size
        self.fc = nn.Linear(3 * n_filters, output_dim)

        self.dropout = nn.Dropout(dropout)

    def forward(self, text):

        # text = [batch size, sent len]

        embedded = self.embedding(text)

        # embedded = [batch size, sent len, emb dim]

        embedded = embedded.unsqueeze(1)

        # embedded = [batch size, 1, sent len, emb dim]

        conved = [F.relu(conv(embedded)).squeeze(3) for conv in self.convs]

        # conved_n = [batch size, n_filters, sent len - filter_sizes[n] + 1]

        pooled = [F.max_pool1d(conv, conv.shape[2]).squeeze(2) for conv in conved]

        # pooled_n = [batch size, n_filters]

        cat = self.dropout(torch.cat(pooled, dim=1))

        # cat = [batch size, n_filters * len(filter_sizes)]

        return self.fc(cat)
