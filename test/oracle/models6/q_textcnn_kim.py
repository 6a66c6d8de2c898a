"""Kim's (2014) CNN for sentence classification in the style of Shawn1993/cnn-text-classification-pytorch: the embedded sentence is unsqueezed to one input channel, Conv2d filters span (K, embed_dim), squeeze(3) drops the collapsed width, F.max_pool1d over the whole remaining length, then cat. A second class is the CNN-multichannel variant (static + non-static embeddings stacked as two input channels) as written in course notebooks."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 20)
class CNN_Text(nn.Module):
    def __init__(self, embed_num=5000, embed_dim=128, class_num=5, kernel_num=100, kernel_sizes=(3, 4, 5), dropout=0.5):
        super(CNN_Text, self).__init__()
        V = embed_num
        D = embed_dim
        C = class_num
        Ci = 1
        Co = kernel_num
        Ks = kernel_sizes

        self.embed = nn.Embedding(V, D)
        self.convs1 = nn.ModuleList([nn.Conv2d(Ci, Co, (K, D)) for K in Ks])
        self.dropout = nn.Dropout(dropout)
        self.fc1 = nn.Linear(len(Ks) * Co, C)

    def forward(self, x):
        x = self.embed(x)  # (N, W, D)
        x = x.unsqueeze(1)  # (N, Ci, W, D)
        x = [F.relu(conv(x)).squeeze(3) for conv in self.convs1]  # [(N, Co, W), ...]*len(Ks)
        x = [F.max_pool1d(i, i.size(2)).squeeze(2) for i in x]  # [(N, Co), ...]*len(Ks)
        x = torch.cat(x, 1)
        x = self.dropout(x)  # (N, len(Ks)*Co)
        logit = self.fc1(x)  # (N, C)
        return logit


# shapelint: input=(2, 24)
class KimMultiChannel(nn.Module):
    def __init__(self, vocab_size=8000, embed_dim=64, filter_sizes=(3, 4, 5), num_filters=(64, 96, 128),
                 num_classes=2, dropout=0.5):
        super().__init__()
        self.static = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.static.weight.requires_grad = False
        self.nonstatic = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.conv_list = nn.ModuleList([
            nn.Conv2d(in_channels=2, out_channels=num_filters[i], kernel_size=(filter_sizes[i], embed_dim))
            for i in range(len(filter_sizes))
        ])
        self.fc = nn.Linear(sum(num_filters), num_classes)
        self.dropout = nn.Dropout(p=dropout)

    def forward(self, input_ids):
        x_static = self.static(input_ids)
        x_nonstatic = self.nonstatic(input_ids)
        x = torch.stack([x_static, x_nonstatic], dim=1)  # (B, 2, L, E)
        x_conv_list = [F.relu(conv(x)).squeeze(3) for conv in self.conv_list]
        x_pool_list = [F.max_pool1d(x_conv, kernel_size=x_conv.shape[2]) for x_conv in x_conv_list]
        x_fc = torch.cat([x_pool.squeeze(dim=2) for x_pool in x_pool_list], dim=1)
        logits = self.fc(self.dropout(x_fc))
        return logits
