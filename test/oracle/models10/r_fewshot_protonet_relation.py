"""Few-shot learning heads (jakesnell/prototypical-networks, floodsung/LearningToCompare, and
matching networks): a shared conv4 encoder built by a conv_block helper with *args, support/query
split by class attributes n_way/k_shot, prototypes by view(n_way, k_shot, -1).mean(1), euclidean
distance written with unsqueeze/expand (euclidean_dist helper) and with torch.cdist, relation
pairs made by repeat/transpose/cat, and a matching-network cosine attention with F.normalize and
bmm."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_block(in_channels, out_channels, *extra, pool=True):
    layers = [nn.Conv2d(in_channels, out_channels, 3, padding=1, *extra), nn.BatchNorm2d(out_channels), nn.ReLU()]
    if pool:
        layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers)


class Flatten(nn.Module):
    def forward(self, x):
        return x.view(x.size(0), -1)


def euclidean_dist(x, y):
    n = x.size(0)
    m = y.size(0)
    d = x.size(1)
    assert d == y.size(1)
    x = x.unsqueeze(1).expand(n, m, d)
    y = y.unsqueeze(0).expand(n, m, d)
    return torch.pow(x - y, 2).sum(2)


# shapelint: input=((10, 1, 28, 28), (15, 1, 28, 28))
class ProtoNet(nn.Module):
    n_way = 5
    k_shot = 2

    def __init__(self, x_dim=1, hid_dim=16, z_dim=16):
        super().__init__()
        self.encoder = nn.Sequential(
            conv_block(x_dim, hid_dim), conv_block(hid_dim, hid_dim),
            conv_block(hid_dim, hid_dim), conv_block(hid_dim, z_dim), Flatten())

    def forward(self, support, query):
        z = self.encoder(torch.cat([support, query], 0))
        z_dim = z.size(-1)
        z_proto = z[:self.n_way * self.k_shot].view(self.n_way, self.k_shot, z_dim).mean(1)
        zq = z[self.n_way * self.k_shot:]
        dists = euclidean_dist(zq, z_proto)
        log_p_y = F.log_softmax(-dists, dim=1)
        return log_p_y


class RelationModule(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.layer1 = conv_block(input_size * 2, input_size, pool=True)
        self.layer2 = conv_block(input_size, input_size, pool=True)
        self.fc1 = nn.Linear(input_size * 1 * 1, hidden_size)
        self.fc2 = nn.Linear(hidden_size, 1)

    def forward(self, x):
        out = self.layer2(self.layer1(x))
        out = out.view(out.size(0), -1)
        out = F.relu(self.fc1(out))
        return torch.sigmoid(self.fc2(out))


# shapelint: input=((5, 3, 28, 28), (10, 3, 28, 28))
class RelationNet(nn.Module):
    CLASS_NUM = 5
    SAMPLE_NUM_PER_CLASS = 1
    FEATURE_DIM = 16
    RELATION_DIM = 8

    def __init__(self):
        super().__init__()
        self.feature_encoder = nn.Sequential(
            conv_block(3, self.FEATURE_DIM), conv_block(self.FEATURE_DIM, self.FEATURE_DIM),
            conv_block(self.FEATURE_DIM, self.FEATURE_DIM, pool=False),
            conv_block(self.FEATURE_DIM, self.FEATURE_DIM, pool=False))
        self.relation_network = RelationModule(self.FEATURE_DIM, self.RELATION_DIM)

    def forward(self, samples, batches):
        sample_features = self.feature_encoder(samples)
        sample_features = sample_features.view(self.CLASS_NUM, self.SAMPLE_NUM_PER_CLASS, self.FEATURE_DIM,
                                               *sample_features.shape[-2:])
        sample_features = torch.sum(sample_features, 1).squeeze(1)
        batch_features = self.feature_encoder(batches)
        n_query = batch_features.size(0)
        sample_features_ext = sample_features.unsqueeze(0).repeat(n_query, 1, 1, 1, 1)
        batch_features_ext = batch_features.unsqueeze(0).repeat(self.CLASS_NUM, 1, 1, 1, 1)
        batch_features_ext = torch.transpose(batch_features_ext, 0, 1)
        relation_pairs = torch.cat((sample_features_ext, batch_features_ext), 2).view(-1, self.FEATURE_DIM * 2,
                                                                                     *batch_features.shape[-2:])
        relations = self.relation_network(relation_pairs).view(-1, self.CLASS_NUM)
        return relations


# shapelint: input=((2, 6, 1, 28, 28), (2, 4, 1, 28, 28))
class MatchingNet(nn.Module):
    """Episodes batched: support (B, n_way*k_shot, C, H, W), queries (B, q, C, H, W)."""

    def __init__(self, n_way=3, k_shot=2, hid=16, fce=True):
        super().__init__()
        self.n_way, self.k_shot = n_way, k_shot
        self.encoder = nn.Sequential(*[conv_block(1 if i == 0 else hid, hid) for i in range(4)])
        self.fce = fce
        if fce:
            self.g_lstm = nn.LSTM(hid, hid // 2, batch_first=True, bidirectional=True)

    def embed(self, x):
        b, n = x.shape[:2]
        z = self.encoder(x.flatten(0, 1))
        return z.view(b, n, -1)

    def forward(self, support, query):
        s = self.embed(support)
        q = self.embed(query)
        if self.fce:
            s = s + self.g_lstm(s)[0]
        sim = torch.bmm(F.normalize(q, dim=-1), F.normalize(s, dim=-1).transpose(1, 2))
        attn = sim.softmax(dim=-1)
        labels = torch.arange(self.n_way).repeat_interleave(self.k_shot)
        one_hot = F.one_hot(labels, self.n_way).float().unsqueeze(0).expand(s.size(0), -1, -1)
        return torch.bmm(attn, one_hot)
