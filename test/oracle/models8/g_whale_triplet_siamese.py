"""Metric-learning models for the Humpback Whale Identification competition in the layout of adambielski/siamese-triplet (networks.py: EmbeddingNet, SiameseNet, TripletNet with get_embedding), with the embedding network built on a torchvision mobilenet_v2(weights=None): model.features (1280 channels), nn.AdaptiveAvgPool2d(1), flatten, Linear(1280, 512)-PReLU-Linear(512, 128), L2-normalised. The TripletNet factory runs three images (anchor, positive, negative) through the shared net and returns a tuple of three embeddings; the SiameseNet factory takes a pair and returns two."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class EmbeddingNet(nn.Module):
    def __init__(self, embedding_dim=128):
        super(EmbeddingNet, self).__init__()
        backbone = torchvision.models.mobilenet_v2(weights=None)
        self.convnet = backbone.features
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Sequential(nn.Linear(backbone.last_channel, 512),
                                nn.PReLU(),
                                nn.Linear(512, embedding_dim)
                                )

    def forward(self, x):
        output = self.convnet(x)
        output = self.pool(output)
        output = output.view(output.size()[0], -1)
        output = self.fc(output)
        return F.normalize(output, p=2, dim=1)

    def get_embedding(self, x):
        return self.forward(x)


class SiameseNet(nn.Module):
    def __init__(self, embedding_net):
        super(SiameseNet, self).__init__()
        self.embedding_net = embedding_net

    def forward(self, x1, x2):
        output1 = self.embedding_net(x1)
        output2 = self.embedding_net(x2)
        return output1, output2

    def get_embedding(self, x):
        return self.embedding_net(x)


class TripletNet(nn.Module):
    def __init__(self, embedding_net):
        super(TripletNet, self).__init__()
        self.embedding_net = embedding_net

    def forward(self, x1, x2, x3):
        output1 = self.embedding_net(x1)
        output2 = self.embedding_net(x2)
        output3 = self.embedding_net(x3)
        return output1, output2, output3

    def get_embedding(self, x):
        return self.embedding_net(x)


# shapelint: input=((2, 3, 64, 64), (2, 3, 64, 64), (2, 3, 64, 64))
def triplet_model():
    embedding_net = EmbeddingNet()
    model = TripletNet(embedding_net)
    return model


# shapelint: input=((2, 3, 64, 64), (2, 3, 64, 64))
def siamese_model():
    embedding_net = EmbeddingNet(embedding_dim=64)
    return SiameseNet(embedding_net)
