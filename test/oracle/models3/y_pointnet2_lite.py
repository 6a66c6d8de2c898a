"""A PointNet++ classifier (Qi et al., 2017) on pre-grouped neighbourhoods (B, 3, npoint, nsample): centroid-relative coordinates, shared MLPs as 1x1 Conv2d with max over samples, a group-all set abstraction and an FC head."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class PointNetSetAbstraction(nn.Module):
    def __init__(self, in_channel, mlp, group_all):
        super(PointNetSetAbstraction, self).__init__()
        self.mlp_convs = nn.ModuleList()
        self.mlp_bns = nn.ModuleList()
        last_channel = in_channel
        for out_channel in mlp:
            self.mlp_convs.append(nn.Conv2d(last_channel, out_channel, 1))
            self.mlp_bns.append(nn.BatchNorm2d(out_channel))
            last_channel = out_channel
        self.group_all = group_all

    def forward(self, xyz, points):
        """
        xyz: grouped coordinates [B, 3, S, K] (or centroids [B, 3, S] when group_all)
        points: grouped features [B, D, S, K] or None
        """
        if self.group_all:
            new_xyz = torch.zeros(xyz.size(0), 3, 1, device=xyz.device)
            grouped = xyz.unsqueeze(2)
            if points is not None:
                new_points = torch.cat([grouped, points.unsqueeze(2)], dim=1)
            else:
                new_points = grouped
        else:
            new_xyz = xyz.mean(dim=-1)
            grouped_xyz_norm = xyz - new_xyz.unsqueeze(-1)
            if points is not None:
                new_points = torch.cat([grouped_xyz_norm, points], dim=1)
            else:
                new_points = grouped_xyz_norm

        for i, conv in enumerate(self.mlp_convs):
            bn = self.mlp_bns[i]
            new_points = F.relu(bn(conv(new_points)))

        new_points = torch.max(new_points, -1)[0]
        return new_xyz, new_points


# shapelint: input=(2, 3, 64, 8)
class PointNet2Cls(nn.Module):
    def __init__(self, num_class=10):
        super(PointNet2Cls, self).__init__()
        self.sa1 = PointNetSetAbstraction(in_channel=3, mlp=[32, 32, 64], group_all=False)
        self.sa2 = PointNetSetAbstraction(in_channel=64 + 3, mlp=[64, 128, 256], group_all=True)
        self.fc1 = nn.Linear(256, 128)
        self.bn1 = nn.BatchNorm1d(128)
        self.drop1 = nn.Dropout(0.4)
        self.fc2 = nn.Linear(128, 64)
        self.bn2 = nn.BatchNorm1d(64)
        self.drop2 = nn.Dropout(0.4)
        self.fc3 = nn.Linear(64, num_class)

    def forward(self, grouped_xyz):
        B, _, _, _ = grouped_xyz.shape
        l1_xyz, l1_points = self.sa1(grouped_xyz, None)
        l2_xyz, l2_points = self.sa2(l1_xyz, l1_points)
        x = l2_points.view(B, 256)
        x = self.drop1(F.relu(self.bn1(self.fc1(x))))
        x = self.drop2(F.relu(self.bn2(self.fc2(x))))
        x = self.fc3(x)
        x = F.log_softmax(x, -1)
        return x, l2_points
