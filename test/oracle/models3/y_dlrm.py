"""DLRM (Naumov et al., 2019): bottom MLP on dense features, a list of EmbeddingBags over fixed-size index bags, dot-product interaction via bmm(T, T^T) gathered at strictly-lower-triangular li/lj index lists, top MLP with a sigmoid."""
import numpy as np
import torch
import torch.nn as nn


# shapelint: input=((2, 13), (2, 3, 4))
class DLRM_Net(nn.Module):
    def create_mlp(self, ln, sigmoid_layer):
        layers = nn.ModuleList()
        for i in range(0, ln.size - 1):
            n = ln[i]
            m = ln[i + 1]
            LL = nn.Linear(int(n), int(m), bias=True)
            mean = 0.0
            std_dev = np.sqrt(2 / (m + n))
            W = np.random.normal(mean, std_dev, size=(m, n)).astype(np.float32)
            std_dev = np.sqrt(1 / m)
            bt = np.random.normal(mean, std_dev, size=m).astype(np.float32)
            LL.weight.data = torch.tensor(W, requires_grad=True)
            LL.bias.data = torch.tensor(bt, requires_grad=True)
            layers.append(LL)
            if i == sigmoid_layer:
                layers.append(nn.Sigmoid())
            else:
                layers.append(nn.ReLU())
        return torch.nn.Sequential(*layers)

    def create_emb(self, m, ln):
        emb_l = nn.ModuleList()
        for i in range(0, ln.size):
            n = ln[i]
            EE = nn.EmbeddingBag(int(n), m, mode="sum", sparse=True)
            W = np.random.uniform(low=-np.sqrt(1 / n), high=np.sqrt(1 / n), size=(n, m)).astype(np.float32)
            EE.weight.data = torch.tensor(W, requires_grad=True)
            emb_l.append(EE)
        return emb_l

    def __init__(self, m_spa=8, ln_emb=(50, 20, 30), ln_bot=(13, 32, 8), ln_top=(8 + 6, 32, 16, 1),
                 arch_interaction_itself=False, sigmoid_bot=-1, sigmoid_top=2):
        super(DLRM_Net, self).__init__()
        self.arch_interaction_itself = arch_interaction_itself
        np.random.seed(0)
        self.emb_l = self.create_emb(m_spa, np.array(ln_emb))
        self.bot_l = self.create_mlp(np.array(ln_bot), sigmoid_bot)
        self.top_l = self.create_mlp(np.array(ln_top), sigmoid_top)

    def apply_mlp(self, x, layers):
        return layers(x)

    def apply_emb(self, lS_i, emb_l):
        ly = []
        for k, sparse_index_group_batch in enumerate(lS_i):
            E = emb_l[k]
            V = E(sparse_index_group_batch)
            ly.append(V)
        return ly

    def interact_features(self, x, ly):
        (batch_size, d) = x.shape
        T = torch.cat([x] + ly, dim=1).view((batch_size, -1, d))
        Z = torch.bmm(T, torch.transpose(T, 1, 2))
        _, ni, nj = Z.shape
        offset = 1 if self.arch_interaction_itself else 0
        li = torch.tensor([i for i in range(ni) for j in range(i + offset)])
        lj = torch.tensor([j for i in range(nj) for j in range(i + offset)])
        Zflat = Z[:, li, lj]
        R = torch.cat([x] + [Zflat], dim=1)
        return R

    def forward(self, dense_x, lS_i):
        x = self.apply_mlp(dense_x.float(), self.bot_l)
        ly = self.apply_emb(lS_i.unbind(1), self.emb_l)
        z = self.interact_features(x, ly)
        p = self.apply_mlp(z, self.top_l)
        return p
