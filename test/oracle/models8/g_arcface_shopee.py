"""Shopee - Price Match Guarantee style image embedding models with margin heads, as in the public notebooks: an efficientnet_b0(weights=None) whose classifier is replaced by nn.Identity() (so the backbone returns the pooled 1280 features), dropout + Linear(1280, 512) + BatchNorm1d, then an ArcMarginProduct (ArcFace) head computing cosine = F.linear(F.normalize(input), F.normalize(self.weight)) over the 11014 label groups. The label argument is optional; without it (inference) the head returns the scaled cosine logits and the margin branch is skipped. A second model puts a CosFace AddMarginProduct head on a densenet121(pretrained=False) whose .classifier is replaced by nn.Identity()."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models import efficientnet_b0


class ArcMarginProduct(nn.Module):
    def __init__(self, in_features, out_features, s=30.0, m=0.50, easy_margin=False, ls_eps=0.0):
        super(ArcMarginProduct, self).__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.s = s
        self.m = m
        self.ls_eps = ls_eps
        self.weight = nn.Parameter(torch.FloatTensor(out_features, in_features))
        nn.init.xavier_uniform_(self.weight)

        self.easy_margin = easy_margin
        self.cos_m = math.cos(m)
        self.sin_m = math.sin(m)
        self.th = math.cos(math.pi - m)
        self.mm = math.sin(math.pi - m) * m

    def forward(self, input, label=None):
        cosine = F.linear(F.normalize(input), F.normalize(self.weight))
        if label is None:
            return cosine * self.s
        sine = torch.sqrt(1.0 - torch.pow(cosine, 2))
        phi = cosine * self.cos_m - sine * self.sin_m
        if self.easy_margin:
            phi = torch.where(cosine > 0, phi, cosine)
        else:
            phi = torch.where(cosine > self.th, phi, cosine - self.mm)
        one_hot = torch.zeros(cosine.size(), device=input.device)
        one_hot.scatter_(1, label.view(-1, 1).long(), 1)
        if self.ls_eps > 0:
            one_hot = (1 - self.ls_eps) * one_hot + self.ls_eps / self.out_features
        output = (one_hot * phi) + ((1.0 - one_hot) * cosine)
        output *= self.s
        return output


class AddMarginProduct(nn.Module):
    """CosFace: s * (cos(theta) - m) for the target class."""

    def __init__(self, in_features, out_features, s=30.0, m=0.40):
        super(AddMarginProduct, self).__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.s = s
        self.m = m
        self.weight = nn.Parameter(torch.FloatTensor(out_features, in_features))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, input, label=None):
        cosine = F.linear(F.normalize(input), F.normalize(self.weight))
        if label is None:
            return cosine * self.s
        phi = cosine - self.m
        one_hot = torch.zeros(cosine.size(), device=input.device)
        one_hot.scatter_(1, label.view(-1, 1).long(), 1)
        output = (one_hot * phi) + ((1.0 - one_hot) * cosine)
        return output * self.s


# shapelint: input=(2, 3, 128, 128)
class ShopeeNet(nn.Module):
    def __init__(self, n_classes=11014, fc_dim=512, margin=0.5, scale=30.0, use_fc=True):
        super(ShopeeNet, self).__init__()
        print('Building Model Backbone for efficientnet_b0 model')
        self.backbone = efficientnet_b0(weights=None)
        final_in_features = self.backbone.classifier[1].in_features
        self.backbone.classifier = nn.Identity()

        self.use_fc = use_fc
        if use_fc:
            self.dropout = nn.Dropout(p=0.1)
            self.fc = nn.Linear(final_in_features, fc_dim)
            self.bn = nn.BatchNorm1d(fc_dim)
            final_in_features = fc_dim

        self.final = ArcMarginProduct(final_in_features, n_classes, s=scale, m=margin)

    def extract_feat(self, x):
        x = self.backbone(x)
        if self.use_fc:
            x = self.dropout(x)
            x = self.fc(x)
            x = self.bn(x)
        return x

    def forward(self, image, label=None):
        feature = self.extract_feat(image)
        logits = self.final(feature, label)
        return logits


# shapelint: input=(2, 3, 128, 128)
class ShopeeDenseCosFace(nn.Module):
    def __init__(self, n_classes=11014, fc_dim=256):
        super().__init__()
        self.backbone = torchvision.models.densenet121(pretrained=False)
        in_features = self.backbone.classifier.in_features
        self.backbone.classifier = nn.Identity()
        self.neck = nn.Sequential(
            nn.Linear(in_features, fc_dim),
            nn.BatchNorm1d(fc_dim),
            nn.PReLU(),
        )
        self.head = AddMarginProduct(fc_dim, n_classes, s=30.0, m=0.35)

    def forward(self, image, label=None):
        emb = self.neck(self.backbone(image))
        return self.head(emb, label)
