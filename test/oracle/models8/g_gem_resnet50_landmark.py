"""A Google Landmark Retrieval style embedding model as written in Kaggle notebooks: a torchvision resnet50(pretrained=False) cut with nn.Sequential(*list(backbone.children())[:-2]) so that it keeps the 2048-channel map, a hand-written GeM pooling (p = nn.Parameter(torch.ones(1) * 3), F.avg_pool2d(x.clamp(min=eps).pow(p), (x.size(-2), x.size(-1))).pow(1. / p)), a dropout + Linear(2048, 512) + BatchNorm1d neck, and a softmax classifier that is only used in training mode; in eval the model returns the F.normalize'd 512-d embedding used for nearest-neighbour retrieval."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


def gem(x, p=3, eps=1e-6):
    return F.avg_pool2d(x.clamp(min=eps).pow(p), (x.size(-2), x.size(-1))).pow(1. / p)


class GeM(nn.Module):
    def __init__(self, p=3, eps=1e-6):
        super(GeM, self).__init__()
        self.p = nn.Parameter(torch.ones(1) * p)
        self.eps = eps

    def forward(self, x):
        return gem(x, p=self.p, eps=self.eps)

    def __repr__(self):
        return self.__class__.__name__ + '(' + 'p=' + '{:.4f}'.format(self.p.data.tolist()[0]) + \
            ', ' + 'eps=' + str(self.eps) + ')'


# shapelint: input=(2, 3, 128, 128)
class LandmarkNet(nn.Module):
    def __init__(self, n_classes=1000, embedding_size=512, dropout=0.2):
        super(LandmarkNet, self).__init__()
        backbone = torchvision.models.resnet50(pretrained=False)
        final_in_features = backbone.fc.in_features
        self.backbone = nn.Sequential(*list(backbone.children())[:-2])
        self.pooling = GeM()
        self.dropout = nn.Dropout(p=dropout)
        self.fc = nn.Linear(final_in_features, embedding_size)
        self.bn = nn.BatchNorm1d(embedding_size)
        self.classifier = nn.Linear(embedding_size, n_classes)
        self._init_params()

    def _init_params(self):
        nn.init.xavier_normal_(self.fc.weight)
        nn.init.constant_(self.fc.bias, 0)
        nn.init.constant_(self.bn.weight, 1)
        nn.init.constant_(self.bn.bias, 0)

    def extract_feat(self, x):
        batch_size = x.shape[0]
        x = self.backbone(x)
        x = self.pooling(x).view(batch_size, -1)
        x = self.dropout(x)
        x = self.fc(x)
        x = self.bn(x)
        return x

    def forward(self, x):
        feature = self.extract_feat(x)
        if self.training:
            return self.classifier(feature)
        return F.normalize(feature)
