"""Deep Interest Network (Zhou et al., 2018) for click-through prediction, written the way PyTorch re-implementations on GitHub do: one shared item Embedding for the candidate and the behaviour history, a local activation unit that expands the candidate over the history with unsqueeze(1).expand(-1, T, -1) and scores cat([q, k, q - k, q * k]) with a small PReLU MLP, padding positions masked with masked_fill(~mask, -2 ** 32 + 1), softmax weights pooled by torch.bmm(w.unsqueeze(1), keys).squeeze(1), then an MLP over [interest, candidate, user profile]. Inputs: candidate item ids (B,), history item ids (B, T), user profile field ids (B, 3)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class LocalActivationUnit(nn.Module):
    def __init__(self, embed_dim, hidden_units=(80, 40)):
        super(LocalActivationUnit, self).__init__()
        layers = []
        in_dim = 4 * embed_dim
        for h in hidden_units:
            layers += [nn.Linear(in_dim, h), nn.PReLU()]
            in_dim = h
        layers.append(nn.Linear(in_dim, 1))
        self.dnn = nn.Sequential(*layers)

    def forward(self, query, keys):
        # query: (B, E), keys: (B, T, E)
        T = keys.size(1)
        queries = query.unsqueeze(1).expand(-1, T, -1)
        attention_input = torch.cat([queries, keys, queries - keys, queries * keys], dim=-1)
        return self.dnn(attention_input).squeeze(-1)  # (B, T)


# shapelint: input=((2,), (2, 10), (2, 3))
class DIN(nn.Module):
    def __init__(self, n_items=5000, n_profile=(2, 7, 21), embed_dim=18, profile_dim=8, dnn_hidden=(200, 80)):
        super(DIN, self).__init__()
        self.item_embedding = nn.Embedding(n_items, embed_dim, padding_idx=0)
        self.profile_embeddings = nn.ModuleList([nn.Embedding(n, profile_dim) for n in n_profile])
        self.attention = LocalActivationUnit(embed_dim)
        in_dim = 2 * embed_dim + len(n_profile) * profile_dim
        layers = []
        for h in dnn_hidden:
            layers += [nn.Linear(in_dim, h), nn.BatchNorm1d(h), nn.PReLU(), nn.Dropout(0.2)]
            in_dim = h
        self.dnn = nn.Sequential(*layers)
        self.out = nn.Linear(in_dim, 1)

    def forward(self, target_item, hist_items, profile):
        mask = hist_items > 0  # (B, T)
        query = self.item_embedding(target_item)  # (B, E)
        keys = self.item_embedding(hist_items)  # (B, T, E)

        scores = self.attention(query, keys)
        scores = scores.masked_fill(~mask, -2 ** 32 + 1)
        weights = F.softmax(scores, dim=1)
        interest = torch.bmm(weights.unsqueeze(1), keys).squeeze(1)  # (B, E)

        profile_emb = torch.cat([emb(profile[:, i]) for i, emb in enumerate(self.profile_embeddings)], dim=1)
        x = torch.cat([interest, query, profile_emb], dim=-1)
        logit = self.out(self.dnn(x))
        return torch.sigmoid(logit.squeeze(1))
