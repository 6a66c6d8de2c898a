"""BUG: "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2560x1 and 1280x512)" -- a Happywhale-style embedding model on torchvision efficientnet_b0(weights=None).features (1280 channels) with a hand-written GeM pooling. The notebook was ported from timm, whose model.global_pool flattens its output; the hand-written GeM (F.avg_pool2d(x.clamp(min=eps).pow(p), (x.size(-2), x.size(-1))).pow(1. / p)) keeps the (batch, 1280, 1, 1) shape, and forward passes it straight to self.embedding = nn.Linear(1280, 512) without .flatten(1). nn.Linear works on the last dimension, which is 1, so the embedding Linear raises."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class GeM(nn.Module):
    def __init__(self, p=3, eps=1e-6):
        super(GeM, self).__init__()
        self.p = nn.Parameter(torch.ones(1) * p)
        self.eps = eps

    def forward(self, x):
        return self.gem(x, p=self.p, eps=self.eps)

    def gem(self, x, p=3, eps=1e-6):
        return F.avg_pool2d(x.clamp(min=eps).pow(p), (x.size(-2), x.size(-1))).pow(1. / p)


# shapelint: input=(2, 3, 128, 128)
class HappyWhaleModel(nn.Module):
    def __init__(self, embedding_size=512):
        super(HappyWhaleModel, self).__init__()
        backbone = torchvision.models.efficientnet_b0(weights=None)
        in_features = backbone.classifier[1].in_features
        self.features = backbone.features
        self.pooling = GeM()
        self.embedding = nn.Linear(in_features, embedding_size)
        self.bn = nn.BatchNorm1d(embedding_size)

    def forward(self, images):
        features = self.features(images)
        pooled_features = self.pooling(features)
        embedding = self.embedding(pooled_features)
        embedding = self.bn(embedding)
        return F.normalize(embedding)
